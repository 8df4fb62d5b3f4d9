//! `fonds serve --read-only` serves an archive while another process
//! imports into it: the import is not blocked, the searches follow its
//! commits, and editing is refused with a reason.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn fonds(archive: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fonds"));
    c.arg("--archive").arg(archive);
    c
}

/// One HTTP/1.1 exchange; the status and the body.
fn exchange(addr: SocketAddr, request: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    s.write_all(request.as_bytes())?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

fn get(addr: SocketAddr, path: &str) -> std::io::Result<(u16, String)> {
    exchange(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    )
}

/// How many documents a search for everything in the archive finds.
fn total(addr: SocketAddr) -> Option<u64> {
    let (status, body) = get(addr, "/api/search?q=date:1900..2000").ok()?;
    (status == 200).then_some(())?;
    serde_json::from_str::<Value>(&body).ok()?["total"].as_u64()
}

/// Runs fonds on the archive and asserts that it succeeded.
fn succeed(archive: &Path, args: &[&str]) {
    let out = fonds(archive).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "fonds {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An editor's API token, made at the command line: the account added
/// with its password on standard input, the token printed once.
fn editor_token(archive: &Path) -> String {
    let mut add = fonds(archive)
        .args(["user", "add", "ed", "--role", "editor"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"a password long enough\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
    let out = fonds(archive)
        .args(["user", "token", "ed", "--label", "tests"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_read_only_server_follows_an_import_in_another_process() {
    let base = std::env::temp_dir().join(format!("fonds-read-only-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let archive = base.join("archive");
    let dir = |name: &str| base.join(name).to_str().unwrap().to_string();
    let generate = |name: &str, start: u64| {
        fonds_corpus::Generator::new(31)
            .write(&base.join(name), start, 400, |_| Ok(()))
            .unwrap();
    };
    generate("first", 0);
    generate("second", 400);

    // Nothing to serve yet: a clear refusal, not an empty archive.
    let out = fonds(&archive)
        .args(["serve", "--read-only", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no archive"),
        "{out:?}"
    );

    succeed(&archive, &["import", &dir("first")]);
    let token = editor_token(&archive);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let _server = Server(
        fonds(&archive)
            .args(["serve", "--read-only", "--addr", &addr.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    let before = loop {
        if let Some(n) = total(addr) {
            break n;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the server never answered"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(before > 300, "{before}");

    // The import runs to the end while the server has the archive open.
    succeed(&archive, &["import", &dir("second")]);
    let start = Instant::now();
    loop {
        let n = total(addr).unwrap();
        if n > before {
            assert!(n > before + 300, "{before} then {n}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server still finds {n} documents, not the import's"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // The persons the importing process linked are served too; editing them
    // here is refused, even with the editor's token.
    let (status, body) = get(addr, "/api/persons?limit=1").unwrap();
    assert_eq!(status, 200, "{body}");
    let first: Value = serde_json::from_str(&body).unwrap();
    let id: String = first["items"][0]["id"]
        .as_str()
        .unwrap()
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let edit = r#"{"name": "Someone Else"}"#;
    let (status, body) = exchange(
        addr,
        &format!(
            "POST /api/persons/{id} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{edit}",
            edit.len()
        ),
    )
    .unwrap();
    assert_eq!(status, 403, "{body}");
    assert!(
        body.contains("editing_disabled") && body.contains("read-only"),
        "{body}"
    );
    drop(_server);

    // A server that opened the archive for writing keeps an import out,
    // and says what to do.
    let _writer = serve_writable(&archive, addr);
    let out = fonds(&archive)
        .args(["import", base.join("first").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("serve --read-only"),
        "{out:?}"
    );
    let _ = std::fs::remove_dir_all(&base);
}

/// Commands that only read run while `fonds serve` holds the archive for
/// writing; a command that writes is turned away with the holder named.
#[test]
fn reading_commands_run_beside_a_writing_server() {
    let base = std::env::temp_dir().join(format!("fonds-beside-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let archive = base.join("archive");
    let records = base.join("records");
    let records = records.to_str().unwrap();
    fonds_corpus::Generator::new(5)
        .write(std::path::Path::new(records), 0, 60, |_| Ok(()))
        .unwrap();
    succeed(&archive, &["import", records]);
    // A writer's note goes when the writer does.
    assert!(!archive.join("writer.pid").exists());

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let server = serve_writable(&archive, addr);

    let run = |args: &[&str]| {
        let out = fonds(&archive).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "fonds {args:?} beside a server: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let page: Value = serde_json::from_str(&run(&["search", "*", "--json"])).unwrap();
    assert_eq!(page["total"].as_u64(), Some(60), "{page}");
    assert!(run(&["search", "*"]).starts_with("60 documents match"));
    let exported = base.join("export");
    let said = run(&["export", exported.to_str().unwrap(), "--format", "json"]);
    assert!(said.contains("exported 60 documents"), "{said}");
    let v: Value = serde_json::from_str(&run(&["verify", "--json"])).unwrap();
    assert_eq!(v["documents"], 60, "{v}");
    assert_eq!(v["problems"], serde_json::json!([]), "{v}");
    let persons = run(&["people", "list", "--limit", "3"]);
    let first = persons.split_whitespace().next().expect("a person");
    assert!(
        run(&["people", "show", first]).contains("documents"),
        "{persons}"
    );

    // A writer is turned away, told who holds the archive and what to do.
    let out = fonds(&archive).args(["import", records]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    let pid = server.0.id();
    assert!(
        err.contains(&format!("held by process {pid} (fonds --archive"))
            && err.contains(" serve --addr")
            && err.contains("serve --read-only"),
        "{err}"
    );
    // A note whose process id now belongs to another program (here, this
    // test) names no one.
    std::fs::write(
        archive.join("writer.pid"),
        format!("{} fonds --archive elsewhere serve\n", std::process::id()),
    )
    .unwrap();
    let out = fonds(&archive).args(["import", records]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(!err.contains("held by process"), "{err}");
    drop(server);
    let _ = std::fs::remove_dir_all(&base);
}

/// `fonds serve` on `archive`, opened for writing, once it answers on `addr`.
fn serve_writable(archive: &Path, addr: SocketAddr) -> Server {
    let server = Server(
        fonds(archive)
            .args(["serve", "--addr", &addr.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    while total(addr).is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the server never answered"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}
