//! Compression and validators as a real client sees them: curl asks for
//! zstd or gzip and decodes what it gets, and sends back the ETag it was
//! given.

use fonds_archive::Archive;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

async fn start() -> SocketAddr {
    let archive = Archive::in_memory().await.unwrap();
    archive
        .import(&[root().join("fixtures/records")], |_| {})
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(fonds_server::serve_on(
        listener,
        fonds_server::router(Arc::new(archive)),
    ));
    addr
}

/// An answer as curl gives it: status, headers (lowercased names) and the
/// body, decoded when `decode`.
struct Got {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn curl(url: &str, headers: &[&str], decode: bool) -> Got {
    let dir = std::env::temp_dir().join(format!("fonds-negotiation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let head = dir.join(format!("head-{}", headers.len()));
    let mut c = Command::new("curl");
    c.args(["-s", "--max-time", "20", "-D"]).arg(&head);
    if decode {
        c.arg("--compressed");
    }
    for h in headers {
        c.args(["-H", h]);
    }
    let out = c.arg(url).output().expect("curl runs");
    assert!(out.status.success(), "curl {url}: {out:?}");
    let text = std::fs::read_to_string(&head).unwrap();
    let mut lines = text.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Got {
        status,
        headers,
        body: out.stdout,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_json_are_compressed_as_asked_and_validated_by_their_etag() {
    let addr = start().await;
    for path in [
        "/",
        "/search?q=delegation",
        "/api/search?q=delegation&limit=20",
        "/api/persons",
        "/people",
    ] {
        let url = format!("http://{addr}{path}");
        let plain = tokio::task::spawn_blocking({
            let url = url.clone();
            move || curl(&url, &[], false)
        })
        .await
        .unwrap();
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(plain.header("content-encoding"), None, "{path}");
        assert!(
            plain.body.len() >= 1024,
            "{path}: {} bytes",
            plain.body.len()
        );
        let tag = plain.header("etag").expect("an etag").to_string();
        for (accept, coding) in [("zstd", "zstd"), ("gzip", "gzip"), ("gzip, zstd", "zstd")] {
            let got = tokio::task::spawn_blocking({
                let url = url.clone();
                let accept = format!("Accept-Encoding: {accept}");
                move || curl(&url, &[&accept], true)
            })
            .await
            .unwrap();
            assert_eq!(got.status, 200, "{path} {accept}");
            assert_eq!(
                got.header("content-encoding"),
                Some(coding),
                "{path} {accept}"
            );
            assert!(
                got.header("vary")
                    .is_some_and(|v| v.contains("accept-encoding")),
                "{path}"
            );
            assert_eq!(got.body, plain.body, "{path} {accept}: decoded differs");
            let raw = tokio::task::spawn_blocking({
                let url = url.clone();
                let accept = format!("Accept-Encoding: {accept}");
                move || curl(&url, &[&accept], false)
            })
            .await
            .unwrap();
            assert!(
                raw.body.len() < plain.body.len(),
                "{path} {accept}: {} compressed, {} plain",
                raw.body.len(),
                plain.body.len()
            );
        }
        // The tag sent back: 304, no body, the same tag.
        let again = tokio::task::spawn_blocking({
            let url = url.clone();
            let inm = format!("If-None-Match: {tag}");
            move || curl(&url, &[&inm, "Accept-Encoding: gzip"], false)
        })
        .await
        .unwrap();
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty(), "{path}");
        assert_eq!(again.header("etag"), Some(tag.as_str()), "{path}");
        // Another tag: the whole answer.
        let other = tokio::task::spawn_blocking({
            let url = url.clone();
            move || curl(&url, &["If-None-Match: W/\"0000\""], false)
        })
        .await
        .unwrap();
        assert_eq!(other.status, 200, "{path}");
        assert_eq!(other.body, plain.body, "{path}");
    }
    // Refused codings and small answers go as they are.
    let url = format!("http://{addr}/api/health");
    let small = tokio::task::spawn_blocking(move || curl(&url, &["Accept-Encoding: gzip"], false))
        .await
        .unwrap();
    assert_eq!(small.header("content-encoding"), None);
    let url = format!("http://{addr}/");
    let refused = tokio::task::spawn_blocking(move || {
        curl(&url, &["Accept-Encoding: gzip;q=0, zstd;q=0"], false)
    })
    .await
    .unwrap();
    assert_eq!(refused.header("content-encoding"), None);
}
