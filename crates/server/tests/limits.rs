//! The connection limits and the form of every error: many slow and idle
//! connections over the cap leave a normal client served, each kind of
//! stalled connection is closed by its own timeout (each test lets only the
//! limit it tests act, and waits generously), a slow reader is closed by
//! the answer timeout, a slow handler is answered by the request timeout, and every error (a bad path parameter,
//! an address, headers or a body over the limits, a wrong method) takes the
//! form of its address: the API's JSON, an OAI-PMH error or an HTML page.

mod common;

use axum::routing::get;
use fonds_archive::Archive;
use fonds_archive::Place;
use fonds_server::Limits;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Sends `raw` and reads the answer to the end: status, header block, body.
fn raw_exchange(addr: SocketAddr, raw: &[u8]) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    // The server may answer and close before all of a large request is sent.
    let _ = s.write_all(raw);
    let mut out = Vec::new();
    let mut buf = [0; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset && !out.is_empty() => break,
            Err(e) => panic!("reading the answer: {e}"),
        }
    }
    let text = String::from_utf8_lossy(&out).to_string();
    let (head, body) = text.split_once("\r\n\r\n").expect("an answer");
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_string())
}

fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    extra: &str,
    body: &str,
) -> (u16, String, String) {
    let raw = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    raw_exchange(addr, raw.as_bytes())
}

/// Asserts that an answer is an error of the form its address's clients read.
fn assert_form(answer: &(u16, String, String), status: u16, family: &str, what: &str) {
    let (got, head, body) = answer;
    assert_eq!(*got, status, "{what}: {head}\n{body}");
    match family {
        "api" => {
            assert!(
                head.contains("content-type: application/json"),
                "{what}: {head}"
            );
            let v: serde_json::Value = serde_json::from_str(body)
                .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {body}"));
            for key in ["message", "code", "type", "link"] {
                assert!(v[key].is_string(), "{what}: {key} missing in {v}");
            }
        }
        // The server's own failures claim no OAI-PMH error: every code
        // tells a harvester its request was wrong.
        "oai" if status >= 500 => {
            assert!(head.contains("content-type: text/xml"), "{what}: {head}");
            assert!(
                body.contains("<OAI-PMH ") && !body.contains("<error"),
                "{what}: {body}"
            );
        }
        "oai" => {
            assert!(head.contains("content-type: text/xml"), "{what}: {head}");
            assert!(
                body.contains("<OAI-PMH ") && body.contains("<error code=\"badArgument\">"),
                "{what}: {body}"
            );
        }
        _ => {
            assert!(head.contains("content-type: text/html"), "{what}: {head}");
            assert!(body.starts_with("<!doctype html>"), "{what}: {body}");
            assert!(head.contains("content-security-policy"), "{what}: {head}");
        }
    }
}

async fn empty_archive(name: &str) -> (Arc<Archive>, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("fonds-limits-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    (
        Arc::new(
            Archive::open(Place::for_tests(&dir).await.unwrap())
                .await
                .unwrap(),
        ),
        dir,
    )
}

/// Whether the server closed `s` (it reads end of file or a reset), waiting
/// at most `within`; any bytes it answers first are read past.
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    let started = Instant::now();
    let mut buf = [0; 4096];
    while started.elapsed() < within {
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
    }
    false
}

async fn start(archive: Arc<Archive>, limits: Limits) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = fonds_server::router(archive);
    tokio::spawn(fonds_server::serve_with(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    addr
}

fn health(addr: SocketAddr) -> (u16, String, String) {
    request(addr, "GET", "/api/health", "", "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_idle_connections_over_the_cap_leave_a_normal_client_served() {
    let (archive, dir) = empty_archive("slow").await;
    let timeout = Duration::from_secs(3);
    let limits = Limits {
        max_connections: 200,
        header_read_timeout: timeout,
        idle_timeout: timeout,
        ..Limits::default()
    };
    let addr = start(archive, limits).await;
    tokio::task::spawn_blocking(move || {
        assert_eq!(health(addr).0, 200);

        // Three hundred connections stop in the middle of their head, three
        // hundred send nothing: more than the cap of two hundred.
        let started = Instant::now();
        let mut slow: Vec<TcpStream> = (0..300)
            .map(|_| {
                let mut s = TcpStream::connect(addr).unwrap();
                s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                    .unwrap();
                s
            })
            .collect();
        let mut idle: Vec<TcpStream> = (0..300)
            .map(|_| TcpStream::connect(addr).unwrap())
            .collect();
        // The connections over the cap are refused, and go.
        std::thread::sleep(Duration::from_millis(800));

        // While the cap is full, a normal client is refused in the API's
        // form with a time to come back.
        let (status, head, body) = health(addr);
        if started.elapsed() < timeout {
            assert_form(&(status, head.clone(), body.clone()), 503, "api", "refusal");
            assert!(head.contains("retry-after:"), "{head}");
            assert!(body.contains("\"overloaded\""), "{body}");
        }

        // Once the stalled connections time out, it is served.
        loop {
            let (status, head, body) = health(addr);
            if status == 200 {
                break;
            }
            assert_form(&(status, head, body), 503, "api", "refusal");
            assert!(
                started.elapsed() < timeout + GENEROUS,
                "still refused long after the timeouts"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // Every stalled connection is closed: the ones over the cap at once,
        // the others by their timeouts.
        for s in slow.iter_mut().chain(idle.iter_mut()) {
            assert!(
                closed_within(s, Duration::from_secs(5)),
                "a stalled connection stays open"
            );
        }
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

/// A time no test waits for: a limit set to it never closes a connection
/// during a test, so a connection that closes was closed by another.
const NEVER: Duration = Duration::from_secs(600);

/// The bound on how long a test waits for a limit of a second or less to
/// act: generous, for a loaded machine.
const GENEROUS: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_of_stalled_connection_is_closed_by_its_timeout() {
    let (archive, dir) = empty_archive("stalled").await;
    // Only the header timeout can close a connection here.
    let headers_only = start(
        archive.clone(),
        Limits {
            header_read_timeout: Duration::from_millis(500),
            idle_timeout: NEVER,
            ..Limits::default()
        },
    )
    .await;
    // Only the idle timeout can.
    let idle_only = start(
        archive,
        Limits {
            header_read_timeout: NEVER,
            idle_timeout: Duration::from_millis(500),
            ..Limits::default()
        },
    )
    .await;
    tokio::task::spawn_blocking(move || {
        // A head trickled a byte at a time keeps the connection moving; the
        // header timeout closes it.
        let mut trickle = TcpStream::connect(headers_only).unwrap();
        let started = Instant::now();
        let mut closed = false;
        let bytes = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        for b in bytes.iter().chain(std::iter::repeat(&b'a')) {
            if started.elapsed() > GENEROUS {
                break;
            }
            if trickle.write_all(&[*b]).is_err()
                || closed_within(&mut trickle, Duration::from_millis(100))
            {
                closed = true;
                break;
            }
        }
        assert!(closed, "a trickled head was never timed out");

        // A connection that sends nothing, and a kept-alive one that sends
        // nothing more after its answer, are closed by the idle timeout.
        let mut silent = TcpStream::connect(idle_only).unwrap();
        assert!(
            closed_within(&mut silent, GENEROUS),
            "a silent connection stays open"
        );
        let mut kept = TcpStream::connect(idle_only).unwrap();
        kept.write_all(format!("GET /api/health HTTP/1.1\r\nHost: {idle_only}\r\n\r\n").as_bytes())
            .unwrap();
        let mut first = [0; 12];
        kept.set_read_timeout(Some(GENEROUS)).unwrap();
        kept.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"HTTP/1.1 200");
        assert!(
            closed_within(&mut kept, GENEROUS),
            "an idle kept-alive connection stays open"
        );
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

/// A body of `len` bytes of `x` that begins after a pause, so that hyper
/// writes the answer's head first and the body on its own.
struct Late {
    pause: std::pin::Pin<Box<tokio::time::Sleep>>,
    data: Option<axum::body::Bytes>,
}

impl hyper::body::Body for Late {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        std::task::ready!(self.pause.as_mut().poll(cx));
        std::task::Poll::Ready(self.data.take().map(|d| Ok(hyper::body::Frame::data(d))))
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        hyper::body::SizeHint::with_exact(self.data.as_ref().map_or(0, |d| d.len() as u64))
    }
}

fn late(data: impl Into<axum::body::Bytes>) -> axum::body::Body {
    axum::body::Body::new(Late {
        pause: Box::pin(tokio::time::sleep(Duration::from_millis(100))),
        data: Some(data.into()),
    })
}

use std::future::Future as _;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_reading_slowly_is_closed_by_the_answer_timeout() {
    const BIG: usize = 64 << 20;
    let big = axum::body::Bytes::from(vec![b'x'; BIG]);
    let app = axum::Router::new()
        .route("/big", get(move || std::future::ready(big.clone())))
        .route("/small", get(|| async { "small" }));
    let limits = Limits {
        header_read_timeout: NEVER,
        idle_timeout: NEVER,
        answer_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(fonds_server::serve_with(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    tokio::task::spawn_blocking(move || {
        // Reading steadily but slowly: bytes keep moving, so only the answer
        // timeout can close the connection before the answer is read whole.
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(format!("GET /big HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .unwrap();
        s.set_read_timeout(Some(GENEROUS)).unwrap();
        let started = Instant::now();
        let mut got = 0;
        let mut buf = [0; 16 * 1024];
        let closed = loop {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break true,
                Ok(n) => got += n,
            }
            if started.elapsed() > 2 * GENEROUS {
                break false;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        assert!(closed, "a slow reader holds its connection");
        assert!(got < BIG, "the whole answer was read: {got} bytes");

        // An answer written whole stops the clock: the connection is kept
        // past the answer timeout and serves again.
        let mut kept = TcpStream::connect(addr).unwrap();
        kept.set_read_timeout(Some(GENEROUS)).unwrap();
        for _ in 0..2 {
            kept.write_all(format!("GET /small HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
                .unwrap();
            let mut answer = vec![0; 256];
            let n = kept.read(&mut answer).unwrap();
            let answer = String::from_utf8_lossy(&answer[..n]);
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            assert!(answer.ends_with("small"), "{answer}");
            std::thread::sleep(Duration::from_millis(1500));
        }
    })
    .await
    .unwrap();
}

/// A handler's answer whose body happens to look like hyper's own error
/// once was rewritten into an error page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_looks_like_an_error_is_sent_as_it_is() {
    const BODY: &str = "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n";
    let app = axum::Router::new().route("/api/raw", get(|| async { late(BODY) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(fonds_server::serve_on(listener, app));
    tokio::task::spawn_blocking(move || {
        let (status, _, body) = request(addr, "GET", "/api/raw", "", "");
        assert_eq!(status, 200);
        assert_eq!(body, BODY);
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_handler_is_answered_by_the_request_timeout_in_its_form() {
    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_secs(30)).await;
        "late"
    }
    let app = axum::Router::new()
        .route("/api/slow", get(slow))
        .route("/oai", get(slow))
        .route("/slow", get(slow));
    let limits = Limits {
        request_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(fonds_server::serve_with(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    tokio::task::spawn_blocking(move || {
        for (target, family) in [
            ("/api/slow", "api"),
            ("/oai?verb=Identify", "oai"),
            ("/slow", "page"),
        ] {
            let answer = request(addr, "GET", target, "", "");
            assert_form(&answer, 503, family, target);
            assert!(answer.1.contains("retry-after:"), "{}", answer.1);
        }
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_takes_the_form_of_its_address() {
    let (archive, dir) = empty_archive("forms").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = fonds_server::router(archive);
    tokio::spawn(fonds_server::serve_on(listener, app));
    tokio::task::spawn_blocking(move || {
        let get = |target: &str| request(addr, "GET", target, "", "");

        // Path parameters that do not parse, on every API route with a typed
        // one, and text that is not UTF-8 on routes with a text one.
        for target in [
            "/api/documents/x/texts/abc",
            "/api/documents/x/texts/-1",
            "/api/documents/x/texts/99999999999999999999999",
            "/api/documents/x/texts/0/pages/abc",
            "/api/documents/x/texts/abc/pages/1",
            "/api/documents/%FF",
            "/api/persons/%FF%FE",
            "/api/archives/%C3",
        ] {
            let answer = get(target);
            assert_form(&answer, 400, "api", target);
            assert!(
                answer.2.contains("\"invalid_parameter\""),
                "{target}: {}",
                answer.2
            );
        }
        for target in [
            "/doc/%FF",
            "/person/%FF",
            "/archive/%C3",
            "/doc/%FF/cite.bib",
        ] {
            assert_form(&get(target), 400, "page", target);
        }

        // An address over the limit, and one over hyper's own buffer
        // (which hyper refuses as 414 if it happened to read it whole, else
        // as a head too large: either way it is an address too long).
        for len in [10 * 1024, 100 * 1024] {
            let long = "a".repeat(len);
            let status = 414;
            assert_form(
                &get(&format!("/api/search?q={long}")),
                status,
                "api",
                "long API address",
            );
            assert_form(
                &get(&format!("/oai?verb={long}")),
                status,
                "oai",
                "long OAI address",
            );
            assert_form(
                &get(&format!("/search?q={long}")),
                status,
                "page",
                "long page address",
            );
        }

        // An address over hyper's buffer that arrives in pieces, so that
        // hyper never holds it whole.
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /api/search?q=").unwrap();
        for _ in 0..100 {
            std::thread::sleep(Duration::from_millis(2));
            if s.write_all(&[b'a'; 1024]).is_err() {
                break;
            }
        }
        let mut answer = Vec::new();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let _ = s.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 414"), "{answer}");
        assert!(answer.contains("\"uri_too_long\""), "{answer}");

        // Headers over the limit: one large field, many fields, and a head
        // over hyper's own buffer.
        let big = format!("X-Big: {}\r\n", "b".repeat(20 * 1024));
        let many: String = (0..150).map(|i| format!("X-F{i}: v\r\n")).collect();
        let huge = format!("X-Huge: {}\r\n", "h".repeat(100 * 1024));
        for (extra, what) in [
            (&big, "a large field"),
            (&many, "many fields"),
            (&huge, "a huge field"),
        ] {
            for (target, family) in [
                ("/api/health", "api"),
                ("/oai?verb=Identify", "oai"),
                ("/", "page"),
            ] {
                let answer = request(addr, "GET", target, extra, "");
                assert_form(&answer, 431, family, &format!("{what} on {target}"));
            }
        }

        // A body over the limit.
        let body = "verb=Identify&x=".to_string() + &"c".repeat(100 * 1024);
        let form = "Content-Type: application/x-www-form-urlencoded\r\n";
        assert_form(
            &request(addr, "POST", "/oai", form, &body),
            413,
            "oai",
            "large OAI body",
        );
        let json = "Content-Type: application/json\r\n";
        assert_form(
            &request(addr, "POST", "/api/persons/x", json, &body),
            413,
            "api",
            "large API body",
        );

        // A method an address does not take.
        assert_form(
            &request(addr, "DELETE", "/api/search", "", ""),
            405,
            "api",
            "DELETE /api/search",
        );
        assert_form(
            &request(addr, "PUT", "/oai", "", ""),
            405,
            "oai",
            "PUT /oai",
        );
        for target in ["/", "/doc/x", "/search", "/person/x"] {
            let answer = request(addr, "DELETE", target, "", "");
            assert_form(&answer, 405, "page", target);
        }

        // Unknown addresses and a head that is not HTTP.
        assert_form(&get("/api/nothing"), 404, "api", "/api/nothing");
        assert_form(&get("/nothing"), 404, "page", "/nothing");
        let (status, head, _) =
            raw_exchange(addr, b"GET /api/health HTTP/1.1\r\nBad Header\r\n\r\n");
        assert_eq!(status, 400, "{head}");
        assert!(head.contains("content-type: application/json"), "{head}");
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
