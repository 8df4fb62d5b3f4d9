//! Archives on PostgreSQL, through the command line: two nodes (two
//! folders, each with its own index) keep their records in one database;
//! what one imports the other indexes and finds, an account made on one
//! logs in on the other, and a database that cannot be reached is an error
//! that names it without its password. Runs when `FONDS_TEST_DATABASE`
//! names a PostgreSQL server (the test script starts one); when
//! `FONDS_TEST_OBJECTS` names an S3 bucket too, the nodes keep their
//! sources and scans there (`--objects`, here through `FONDS_OBJECTS`).

use fonds_store::Place;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `fonds --archive DIR --database DATABASE ARGS` with `stdin` as its input.
fn fonds(dir: &Path, database: &str, args: &[&str], stdin: &str) -> Output {
    run(dir, Some(database), args, stdin)
}

/// The embedded command: no database.
fn embedded(dir: &Path, args: &[&str], stdin: &str) -> Output {
    run(dir, None, args, stdin)
}

/// The object storage of this test process's nodes: a prefix of its own
/// in the test bucket, if there is one.
fn objects() -> Option<&'static str> {
    static OBJECTS: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    OBJECTS
        .get_or_init(fonds_store::objects::scratch)
        .as_deref()
}

/// `fonds` for the node in `dir` on `database`, with the test's object
/// storage; without a database, the embedded archive and its folder.
fn node_command(dir: &Path, database: Option<&str>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fonds"));
    command
        .arg("--archive")
        .arg(dir)
        .env_remove("FONDS_DATABASE")
        .env_remove("FONDS_OBJECTS");
    if let Some(database) = database {
        command.arg("--database").arg(database);
        if let Some(objects) = objects() {
            command.env("FONDS_OBJECTS", objects);
        }
    }
    command
}

fn run(dir: &Path, database: Option<&str>, args: &[&str], stdin: &str) -> Output {
    let mut child = node_command(dir, database)
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

/// `fonds serve` of the node in `dir` on `port` (a free one when None),
/// answering once it returns; the process and its port.
fn serve(dir: &Path, db: &str, port: Option<u16>) -> (std::process::Child, u16) {
    let port = port.unwrap_or_else(|| {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    });
    // What the node says goes to DIR.log.
    let log = std::fs::File::create(dir.with_extension("log")).unwrap();
    let child = node_command(dir, Some(db))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while get(port, "/api/health").is_none() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the node in {} does not answer",
            dir.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    (child, port)
}

/// The whole answer (head and body) to GET `path` on `port`, or None when
/// nothing answers.
fn get(port: u16, path: &str) -> Option<String> {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// The answer to POST `body` to `path` on `port` with an API token.
fn post(port: u16, path: &str, token: &str, body: &[u8]) -> String {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(body).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

/// The number of documents a node's search for everything finds.
fn total(port: u16) -> i64 {
    let answer = get(port, "/api/search?q=*&limit=1").unwrap_or_default();
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["total"].as_i64())
        .unwrap_or(-1)
}

/// Waits until every node's search finds `n` documents.
fn all_find(ports: &[u16], n: i64) {
    let started = std::time::Instant::now();
    loop {
        let found: Vec<i64> = ports.iter().map(|&p| total(p)).collect();
        if found.iter().all(|&f| f == n) {
            return;
        }
        assert!(
            started.elapsed().as_secs() < 120,
            "the nodes find {found:?}, not {n}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
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
    // Nothing of the records is kept in the node's folder but its index
    // (and its blobs, without object storage).
    assert!(!one.join("fonds.db").exists());
    if objects().is_some() {
        assert!(!one.join("blobs").exists());
    }

    // The second node builds its index from the database.
    let out = ok(&fonds(&two, &db, &["verify", "--repair"], ""));
    assert!(out.contains("8 indexed"), "{out}");
    let out = ok(&fonds(&two, &db, &["search", "Mikoyan", "--json"], ""));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 1, "{out}");

    // Node two serves; a record imported through node one is found there
    // without a restart.
    let (mut server, port) = serve(&two, &db, None);
    let get = |path: &str| get(port, path);
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
    let moved = node_command(&node, None)
        .envs(objects().map(|o| ("FONDS_OBJECTS", o)))
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

/// The jobs as `fonds jobs` lists them, one line each.
fn jobs_list(dir: &Path, db: &str) -> String {
    ok(&fonds(dir, db, &["jobs"], ""))
}

#[test]
fn two_workers_share_the_jobs_and_a_killed_workers_job_is_done_once() {
    if std::env::var("FONDS_TEST_DATABASE")
        .unwrap_or_default()
        .is_empty()
    {
        eprintln!("skipped: FONDS_TEST_DATABASE names no PostgreSQL server");
        return;
    }
    const EACH: u64 = 1500;
    let base = std::env::temp_dir().join(format!("fonds-pg-workers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (first, second) = (base.join("records-1"), base.join("records-2"));
    let generator = fonds_corpus::Generator::new(23);
    generator.write(&first, 0, EACH, |_| Ok(())).unwrap();
    generator.write(&second, EACH, EACH, |_| Ok(())).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt
        .block_on(Place::for_tests(base.join("desk")))
        .unwrap()
        .database
        .unwrap();
    let desk = base.join("desk");
    for records in [&first, &second] {
        let out = ok(&fonds(
            &desk,
            &db,
            &["jobs", "import", records.to_str().unwrap()],
            "",
        ));
        assert!(out.contains("queued job"), "{out}");
    }
    let worker = |name: &str, until_idle: bool| {
        let mut c = node_command(&base.join(name), Some(&db));
        c.args(["worker", "--name", name, "--lease", "3"]);
        if until_idle {
            c.arg("--until-idle");
        }
        c.stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Worker one takes the first job; killed once it has stored some of it.
    let mut one = worker("one", false);
    let started = std::time::Instant::now();
    loop {
        let list = jobs_list(&desk, &db);
        let line = list
            .lines()
            .find(|l| l.trim_start().starts_with("1 "))
            .unwrap_or("");
        let done: usize = line
            .split(" of ")
            .next()
            .and_then(|s| s.split_whitespace().last())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if line.contains("running") && line.contains("by one") && done > 0 {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 120,
            "worker one never got going: {list}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    one.kill().unwrap();
    one.wait().unwrap();
    // Worker two does the second job, then the first once one's lease ran out.
    let two = worker("two", true).wait_with_output().unwrap();
    let said = ok(&two);
    assert!(said.contains("2 jobs done, 0 failed"), "{said}");
    let list = jobs_list(&desk, &db);
    let job = |id: &str| {
        list.lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("job {id} in {list}"))
            .to_string()
    };
    assert!(
        job("1").contains("done")
            && job("1").contains("attempt 2/3")
            && job("1").contains("by two"),
        "{list}"
    );
    assert!(
        job("2").contains("done") && job("2").contains("attempt 1/3"),
        "{list}"
    );
    // Every record stored once: one version each, nothing lost.
    let out = ok(&fonds(&base.join("two"), &db, &["verify"], ""));
    let whole = format!("{n} documents; {n} of {n} versions checked", n = 2 * EACH);
    assert!(out.contains(&whole) && out.contains("0 problems"), "{out}");
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn three_nodes_and_two_workers_lose_nothing_when_killed() {
    if std::env::var("FONDS_TEST_DATABASE")
        .unwrap_or_default()
        .is_empty()
    {
        eprintln!("skipped: FONDS_TEST_DATABASE names no PostgreSQL server");
        return;
    }
    const EACH: u64 = 1000;
    let base = std::env::temp_dir().join(format!("fonds-pg-cluster-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let generator = fonds_corpus::Generator::new(31);
    let sets: Vec<PathBuf> = (0..3).map(|i| base.join(format!("records-{i}"))).collect();
    for (i, set) in sets.iter().enumerate() {
        generator
            .write(set, i as u64 * EACH, EACH, |_| Ok(()))
            .unwrap();
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt
        .block_on(Place::for_tests(base.join("node-1")))
        .unwrap()
        .database
        .unwrap();
    let node = |i: usize| base.join(format!("node-{i}"));
    let mut nodes: Vec<(std::process::Child, u16)> =
        (1..=3).map(|i| serve(&node(i), &db, None)).collect();
    let ports: Vec<u16> = nodes.iter().map(|n| n.1).collect();
    all_find(&ports, 0);

    // Through node one, two imports are queued for two workers.
    for set in &sets[..2] {
        ok(&fonds(
            &node(1),
            &db,
            &["jobs", "import", set.to_str().unwrap()],
            "",
        ));
    }
    let worker = |name: &str| {
        node_command(&base.join(name), Some(&db))
            .args(["worker", "--name", name, "--lease", "3", "--until-idle"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut one = worker("worker-1");
    let two = worker("worker-2");
    // Worker one is killed in the middle of its import.
    let started = std::time::Instant::now();
    loop {
        let list = jobs_list(&node(1), &db);
        if list
            .lines()
            .any(|l| l.contains("running") && l.contains("by worker-1") && !l.contains(" 0 of "))
        {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 120,
            "worker one never got going: {list}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    one.kill().unwrap();
    one.wait().unwrap();
    let said = ok(&two.wait_with_output().unwrap());
    assert!(said.contains("2 jobs done, 0 failed"), "{said}");
    // Every node finds every record.
    all_find(&ports, 2 * EACH as i64);

    // Node two is killed; an import goes on meanwhile; restarted, it
    // catches up.
    let (mut killed, port_two) = nodes.remove(1);
    killed.kill().unwrap();
    killed.wait().unwrap();
    ok(&fonds(
        &node(1),
        &db,
        &["jobs", "import", sets[2].to_str().unwrap()],
        "",
    ));
    let said = ok(&worker("worker-3").wait_with_output().unwrap());
    assert!(said.contains("1 jobs done, 0 failed"), "{said}");
    nodes.insert(1, serve(&node(2), &db, Some(port_two)));
    all_find(&ports, 3 * EACH as i64);

    // A scan an editor uploads to node one is served by nodes two and
    // three: its file is in the object storage they share (without one, it
    // is in node one's folder only, which the others cannot read).
    let id = {
        let answer = get(ports[0], "/api/search?q=*&limit=1").unwrap_or_default();
        let body = answer.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        v["hits"][0]["id"].as_str().unwrap().to_string()
    };
    let desk = base.join("desk");
    ok(&fonds(
        &desk,
        &db,
        &["user", "add", "ed", "--role", "editor"],
        "a password long enough\n",
    ));
    let token = ok(&fonds(&desk, &db, &["user", "token", "ed"], ""))
        .trim()
        .to_string();
    let png = std::fs::read(shared_png()).unwrap();
    let answer = post(
        ports[0],
        &format!("/api/documents/{id}/scans?name=f1.png"),
        &token,
        &png,
    );
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    if objects().is_some() {
        for &port in &ports[1..] {
            let answer = get(port, &format!("/iiif/3/{id}:1/full/max/0/default.png")).unwrap();
            assert!(
                answer.starts_with("HTTP/1.1 200"),
                "{}",
                &answer[..answer.len().min(300)]
            );
        }
    }

    // Consistent, and nothing twice: one version of each record.
    let out = ok(&fonds(&node(3), &db, &["verify"], ""));
    let whole = format!("{n} documents; {n} of {n} versions checked", n = 3 * EACH);
    assert!(out.contains(&whole) && out.contains("0 problems"), "{out}");
    let list = jobs_list(&node(1), &db);
    assert_eq!(
        list.lines().filter(|l| l.contains(" done ")).count(),
        3,
        "{list}"
    );

    // With object storage, a snapshot of an index; a record imported
    // after it; a fourth node starts from the snapshot and indexes only
    // that record.
    if objects().is_some() {
        let snap = base.join("snap");
        let out = ok(&fonds(&snap, &db, &["snapshot"], ""));
        let at = format!("snapshot of the index at change {}", 3 * EACH);
        assert!(out.contains(&at), "{out}");
        let late = base.join("late");
        std::fs::create_dir_all(&late).unwrap();
        std::fs::write(late.join("late.txt"), LATE).unwrap();
        ok(&fonds(&snap, &db, &["import", late.to_str().unwrap()], ""));
        let (mut four, port) = serve(&node(4), &db, None);
        all_find(&[port], 3 * EACH as i64 + 1);
        let said = std::fs::read_to_string(node(4).with_extension("log")).unwrap();
        let restored = format!("restored from the snapshot at change {}", 3 * EACH);
        assert!(said.contains(&restored), "{said}");
        let _ = four.kill();
        let _ = four.wait();
    }
    for (mut child, _) in nodes {
        let _ = child.kill();
        let _ = child.wait();
    }
    let _ = std::fs::remove_dir_all(&base);
}
