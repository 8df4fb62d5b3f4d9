//! The accept loop the service runs on, and the limits that keep clients
//! from holding the server: a cap on open connections (the connections over
//! it are answered 503 and closed), a time for a request's head to arrive, a
//! time a connection may move no bytes while no request is being handled
//! (an idle keep-alive connection, a client that stopped reading its
//! answer), a time for a handler to answer, a time for an answer to be
//! written whole (a client that reads it a byte at a time), and sizes for a
//! request's address and headers. Every answer these limits give is in the form of the
//! address asked for ([`FamilyError`]), including the errors hyper writes by
//! itself for a head it cannot parse.
//!
//! `axum::serve` offers none of these, so connections are served here with
//! hyper's HTTP/1.1 connection and its timer.

use crate::error::{ErrorCode, FamilyError};
use axum::body::Body;
use axum::http::Request;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

/// How many connections are served at once. More are answered 503 with
/// `Retry-After` and closed, so that file descriptors and the memory of
/// connection buffers stay bounded (each connection holds at most
/// [`BUFFER_BYTES`] of request head). Well above the 200 connections the
/// load benchmark opens. With the refusals being answered, this is more
/// descriptors than the common soft limit of 1024, so the accept loop
/// raises the process's soft limit to its hard limit and, where even that
/// is too low, serves fewer (see [`serve_with`]).
pub const MAX_CONNECTIONS: usize = 1024;
/// How long the head of a request may take to arrive, from the moment the
/// server waits for it (a new connection, or a kept-alive one after its last
/// answer): a head fits in a packet, so ten seconds is generous for a slow
/// link and short for a client that trickles bytes to hold a connection.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may move no bytes while none of its requests is
/// being handled before it is closed: the keep-alive idle time (Apache's
/// default), and the bound on a client that stops reading its answer.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a handler may take to answer, reading the request's body
/// included; then the request is answered 503 (`timeout`).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long an answer may take to be written whole, from the moment its
/// handler returns it: a client reading a large answer a byte at a time
/// moves bytes often enough to escape the idle timeout, and would hold its
/// connection for as long as it liked. A page of a hundred TEI records,
/// the largest answer, is a few megabytes: a minute is enough at a slow
/// link's speed.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest request target (path and query) in bytes, answered 414.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// The most bytes of header fields (names and values) a request may carry,
/// answered 431.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// The most header fields a request may carry, answered 431.
pub const MAX_HEADERS: usize = 100;
/// hyper's buffer for a request head: larger than the limits above so that
/// they, not hyper, answer a request over them; a head larger still gets
/// hyper's 431, rewritten into the address's form.
pub const BUFFER_BYTES: usize = 64 * 1024;
/// How many refused connections are answered at once; over that a refused
/// connection is closed without an answer.
const REFUSALS: usize = 256;
/// Descriptors kept for what is not a connection: the listener, SQLite's
/// database and WAL files, tantivy's segment files, the blobs being read.
const RESERVED_DESCRIPTORS: u64 = 128;
/// How long a refused connection is given to send its request line, so that
/// the refusal can take the form of its address.
const REFUSAL_SNIFF: Duration = Duration::from_millis(100);
/// How long a refused connection is given to take its answer.
const REFUSAL_WAIT: Duration = Duration::from_millis(500);

/// The connection limits as one value, so that tests (and a caller of
/// [`serve_with`]) can set their own; `fonds serve` runs under
/// `Limits::default()`, the constants above.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_connections: usize,
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub request_timeout: Duration,
    pub answer_timeout: Duration,
    pub max_uri_bytes: usize,
    pub max_header_bytes: usize,
    pub max_headers: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: MAX_CONNECTIONS,
            header_read_timeout: HEADER_READ_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            request_timeout: REQUEST_TIMEOUT,
            answer_timeout: ANSWER_TIMEOUT,
            max_uri_bytes: MAX_URI_BYTES,
            max_header_bytes: MAX_HEADER_BYTES,
            max_headers: MAX_HEADERS,
        }
    }
}

impl Limits {
    /// The answer to a request whose head is over the limits, if it is.
    fn check_head<B>(&self, req: &Request<B>) -> Option<(ErrorCode, String)> {
        let uri = req.uri();
        let target = uri.path().len() + uri.query().map_or(0, |q| q.len() + 1);
        if target > self.max_uri_bytes {
            return Some((
                ErrorCode::UriTooLong,
                format!(
                    "the address is {target} bytes long; at most {} are accepted",
                    self.max_uri_bytes
                ),
            ));
        }
        let headers = req.headers();
        let bytes: usize = headers
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len())
            .sum();
        if headers.len() > self.max_headers || bytes > self.max_header_bytes {
            return Some((
                ErrorCode::HeadersTooLarge,
                format!(
                    "the request has {} header fields of {bytes} bytes; at most {} fields of {} bytes are accepted",
                    headers.len(),
                    self.max_headers,
                    self.max_header_bytes
                ),
            ));
        }
        None
    }
}

/// Serves `app` on `listener` under `limits` until `shutdown` completes;
/// then stops accepting, lets the open requests finish (for at most the
/// request timeout) and returns. Errors in accepting (a full descriptor
/// table among them) are waited out, never returned.
///
/// The connections served and the refusals being answered must fit in the
/// process's descriptors with some to spare: the soft limit is raised to
/// the hard one, and if the cap still does not fit it is lowered, and said.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    mut limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let refusal_slots = fit_descriptors(&mut limits, raise_descriptor_limit());
    let limits = Arc::new(limits);
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let refusals = Arc::new(Semaphore::new(refusal_slots));
    let (stop, stopped) = watch::channel(false);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(BUFFER_BYTES)
        .max_headers(limits.max_headers.max(MAX_HEADERS) * 2);
    let http = Arc::new(http);
    let mut last_complaint: Option<Instant> = None;
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                if !per_connection(&e) {
                    // Out of descriptors or memory: the waiting connection
                    // stays queued; try again when some may have closed.
                    if !matches!(last_complaint, Some(t) if t.elapsed() < Duration::from_secs(10)) {
                        eprintln!("fonds serve: accepting a connection: {e}; waiting");
                        last_complaint = Some(Instant::now());
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        match open.clone().try_acquire_owned() {
            Ok(permit) => {
                let (app, limits, http, stopped) =
                    (app.clone(), limits.clone(), http.clone(), stopped.clone());
                tokio::spawn(async move {
                    connection(stream, app, &limits, &http, stopped).await;
                    drop(permit);
                });
            }
            Err(_) => refuse(stream, &refusals, limits.max_connections),
        }
    }
    let _ = stop.send(true);
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(limits.request_timeout, open.acquire_many(all)).await;
    Ok(())
}

/// Raises the soft limit on open descriptors to the hard limit; returns the
/// soft limit now in force (`None` if it cannot be read).
fn raise_descriptor_limit() -> Option<u64> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
    }
    Some(lim.rlim_cur)
}

/// Lowers `limits.max_connections` so that the connections, the refusals
/// being answered and [`RESERVED_DESCRIPTORS`] fit in `descriptors`, saying
/// so when it does; returns how many refusals may be answered at once.
fn fit_descriptors(limits: &mut Limits, descriptors: Option<u64>) -> usize {
    let Some(descriptors) = descriptors else {
        return REFUSALS;
    };
    let budget =
        usize::try_from(descriptors.saturating_sub(RESERVED_DESCRIPTORS)).unwrap_or(usize::MAX);
    if limits.max_connections.saturating_add(REFUSALS) <= budget {
        return REFUSALS;
    }
    // A quarter of what is left for refusals, the rest for connections.
    let refusals = REFUSALS.min(budget / 4);
    let connections = limits.max_connections.min(budget - refusals).max(1);
    if connections < limits.max_connections {
        eprintln!(
            "fonds serve: the process may open {descriptors} files; serving at most {connections} \
             connections rather than {} (raise the hard limit, `ulimit -Hn`, for more)",
            limits.max_connections
        );
        limits.max_connections = connections;
    }
    refusals
}

/// Whether an accept error concerns only the connection being accepted
/// (which is gone), not the server's resources.
fn per_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    )
}

/// One connection, until it closes, idles out or the server stops.
async fn connection(
    stream: TcpStream,
    app: Router,
    limits: &Arc<Limits>,
    http: &hyper::server::conn::http1::Builder,
    mut stopped: watch::Receiver<bool>,
) {
    let activity = Arc::new(Activity::new());
    let peer = stream.peer_addr().ok().map(|a| crate::auth::Peer(a.ip()));
    let io = TokioIo::new(Tracked {
        inner: stream,
        activity: activity.clone(),
        rewrite: None,
    });
    let service = {
        let (activity, limits) = (activity.clone(), limits.clone());
        hyper::service::service_fn(move |mut req: Request<Incoming>| {
            let (app, activity, limits) = (app.clone(), activity.clone(), limits.clone());
            if let Some(p) = peer {
                req.extensions_mut().insert(p);
            }
            async move {
                let busy = activity.busy();
                let response = handle(app, &limits, req).await;
                drop(busy);
                activity.answered.fetch_add(1, Ordering::AcqRel);
                Ok::<_, std::convert::Infallible>(activity.writing(response))
            }
        })
    };
    let conn = http.serve_connection(io, service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        () = activity.stalled(limits.idle_timeout, limits.answer_timeout) => return,
        _ = stopped.changed() => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(limits.request_timeout, conn).await;
}

/// A request through the router, within the head limits and the request
/// timeout.
async fn handle(app: Router, limits: &Limits, req: Request<Incoming>) -> Response {
    let host = crate::http::host(req.headers()).to_string();
    let path = req.uri().path().to_string();
    if let Some((code, message)) = limits.check_head(&req) {
        return FamilyError::new(&path, &host, code, &message).into_response();
    }
    let req = req.map(Body::new);
    match tokio::time::timeout(limits.request_timeout, app.oneshot(req)).await {
        Ok(Ok(response)) => response,
        Ok(Err(never)) => match never {},
        Err(_) => FamilyError::new(
            &path,
            &host,
            ErrorCode::Timeout,
            &format!(
                "the request was not answered within {} seconds",
                limits.request_timeout.as_secs_f64()
            ),
        )
        .into_response(),
    }
}

/// A connection over the cap: answered 503 in its address's form when a
/// refusal slot is free, else closed at once.
fn refuse(mut stream: TcpStream, refusals: &Arc<Semaphore>, cap: usize) {
    let Ok(permit) = refusals.clone().try_acquire_owned() else {
        return;
    };
    tokio::spawn(async move {
        let mut buf = vec![0; 2048];
        let n = match tokio::time::timeout(REFUSAL_SNIFF, stream.read(&mut buf)).await {
            Ok(Ok(n)) => n,
            _ => 0,
        };
        let (path, host) = sniff(&buf[..n]);
        let answer = FamilyError::new(
            &path,
            &host,
            ErrorCode::Overloaded,
            &format!("the server is serving its limit of {cap} connections; try again shortly"),
        );
        let _ = tokio::time::timeout(REFUSAL_WAIT, async {
            stream.write_all(&answer.to_http()).await?;
            stream.shutdown().await?;
            // Read what the client still sends, so that closing does not
            // reset the connection before it has read the answer.
            let mut sink = [0; 1024];
            while stream.read(&mut sink).await? > 0 {}
            Ok::<_, io::Error>(())
        })
        .await;
        drop(permit);
    });
}

/// The path and host of a request from the first bytes of its head; `/` and
/// `localhost` for what cannot be read.
fn sniff(head: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(head);
    let path = text
        .split_whitespace()
        .nth(1)
        .map(|t| t.split('?').next().unwrap_or(t).to_string())
        .unwrap_or_else(|| "/".into());
    let host = text
        .split("\r\n")
        .skip(1)
        .find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.eq_ignore_ascii_case("host").then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| "localhost".into());
    (path, host)
}

/// What a connection has been doing: when it last moved bytes, whether a
/// request is being handled, how many answers its handlers gave, since when
/// an answer is being written, and the first bytes of the request head it
/// is reading.
struct Activity {
    start: Instant,
    /// Milliseconds from `start` to the last byte moved.
    last: AtomicU64,
    busy: AtomicUsize,
    /// Answers the handlers returned; hyper writes each as a head.
    answered: AtomicU64,
    /// Milliseconds from `start` to the moment the answer being written was
    /// returned by its handler; [`NOT_WRITING`] when none is.
    writing_since: AtomicU64,
    /// Whether hyper has taken the whole body of the answer being written
    /// (what is left is in its buffer, written before its next flush).
    body_taken: Arc<AtomicBool>,
    head: Mutex<HeadSample>,
}

const NOT_WRITING: u64 = u64::MAX;

/// An answer's body, noting when hyper has taken all of it (and dropped it).
struct Watched {
    inner: Body,
    taken: Arc<AtomicBool>,
}

impl hyper::body::Body for Watched {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        self.taken.store(true, Ordering::Release);
    }
}

#[derive(Default)]
struct HeadSample {
    /// Answer heads written so far.
    written: u64,
    /// Whether the next read starts a request head.
    armed: bool,
    /// Whether the request line of the head being read has ended: a head
    /// hyper finds too large before that is an address too long.
    line_ended: bool,
    bytes: Vec<u8>,
}

struct Busy<'a>(&'a Activity);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.touch();
        self.0.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last: AtomicU64::new(0),
            busy: AtomicUsize::new(0),
            answered: AtomicU64::new(0),
            writing_since: AtomicU64::new(NOT_WRITING),
            body_taken: Arc::new(AtomicBool::new(false)),
            head: Mutex::new(HeadSample {
                armed: true,
                ..HeadSample::default()
            }),
        }
    }

    fn now(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    fn touch(&self) {
        self.last.store(self.now(), Ordering::Relaxed);
    }

    /// Starts the clock of an answer being written; its body notes when
    /// hyper has taken all of it.
    fn writing(&self, response: Response) -> Response {
        self.body_taken.store(false, Ordering::Release);
        self.writing_since.store(self.now(), Ordering::Release);
        let taken = self.body_taken.clone();
        response.map(|inner| Body::new(Watched { inner, taken }))
    }

    /// Notes that everything given to the socket was flushed: if hyper had
    /// taken the whole body, the answer is written.
    fn flushed(&self) {
        if self.body_taken.load(Ordering::Acquire) {
            self.writing_since.store(NOT_WRITING, Ordering::Release);
        }
    }

    fn busy(&self) -> Busy<'_> {
        self.busy.fetch_add(1, Ordering::AcqRel);
        Busy(self)
    }

    /// Completes when the connection has moved no bytes for `idle` while
    /// no request was being handled, or has been writing one answer for
    /// `answer`.
    ///
    /// It looks at the connection at most every `idle` (or `answer`, if
    /// shorter) and whenever a limit would be reached, never on a request's
    /// behalf: an answer that starts being written is seen at the next look,
    /// which is early enough as the answer's limit is counted from its start.
    async fn stalled(&self, idle: Duration, answer: Duration) {
        let period = idle.min(answer);
        loop {
            let now = self.start.elapsed();
            let last = Duration::from_millis(self.last.load(Ordering::Relaxed));
            let quiet = now.saturating_sub(last);
            if quiet >= idle && self.busy.load(Ordering::Acquire) == 0 {
                return;
            }
            // A handler's time is bounded by the request timeout; look again
            // a whole period later.
            let mut wait = if quiet >= idle {
                period
            } else {
                (idle - quiet).min(period)
            };
            let since = self.writing_since.load(Ordering::Acquire);
            if since != NOT_WRITING {
                let writing = now.saturating_sub(Duration::from_millis(since));
                if writing >= answer {
                    return;
                }
                wait = wait.min(answer - writing);
            }
            tokio::time::sleep(wait).await;
        }
    }
}

/// The connection's socket, noting its activity, keeping the first bytes of
/// each request head, and rewriting the bare error answers hyper writes for
/// a head it refuses (400, 414, 431) into the form of the address asked for.
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
    /// The rewritten answer being written in place of hyper's, and how much
    /// of it is written.
    rewrite: Option<(Vec<u8>, usize)>,
}

impl Tracked {
    /// hyper's own error answer, if `buf` starts one: its status, when no
    /// handler's answer is waiting to be written (hyper writes those).
    fn own_error(&self, buf: &[u8]) -> Option<ErrorCode> {
        let rest = buf.strip_prefix(b"HTTP/1.1 ")?;
        let head = self.activity.head.lock().unwrap();
        let code = match rest.get(..3)? {
            b"400" => ErrorCode::InvalidParameter,
            b"414" => ErrorCode::UriTooLong,
            // hyper says 431 for any head over its buffer, and 414 only for
            // an address it could read whole: an address that alone fills
            // the buffer is too long, however its bytes arrived.
            b"431" if !head.line_ended => ErrorCode::UriTooLong,
            b"431" => ErrorCode::HeadersTooLarge,
            _ => return None,
        };
        // hyper answers only a head it is reading: once a handler's answer
        // head is written, what follows is that answer's body, whatever it
        // looks like, until the next request's head is read.
        let reading_head = !head.armed;
        let pending = self.activity.answered.load(Ordering::Acquire) > head.written;
        let empty = buf
            .windows(19)
            .any(|w| w.eq_ignore_ascii_case(b"\r\ncontent-length: 0"));
        (reading_head && !pending && empty).then_some(code)
    }

    fn rewritten(&self, code: ErrorCode) -> Vec<u8> {
        let (path, host) = sniff(&self.activity.head.lock().unwrap().bytes);
        let message = match code {
            ErrorCode::UriTooLong => "the address is too long",
            ErrorCode::HeadersTooLarge => "the request's head is too large",
            _ => "the request could not be read as HTTP/1.1",
        };
        FamilyError::new(&path, &host, code, message).to_http()
    }

    /// Notes `n` bytes of `buf` written: a handler's answer head counts.
    fn wrote(&self, buf: &[u8], n: usize) {
        if n == 0 {
            return;
        }
        self.activity.touch();
        if buf.starts_with(b"HTTP/1.1 ") {
            let mut head = self.activity.head.lock().unwrap();
            if self.activity.answered.load(Ordering::Acquire) > head.written {
                head.written += 1;
                head.armed = true;
            }
        }
    }

    /// Writes the rewritten answer; Ready once all of it is written.
    fn poll_rewrite(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, done)) = &mut self.rewrite {
            if *done == bytes.len() {
                return Poll::Ready(Ok(()));
            }
            let n = std::task::ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*done..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *done += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let r = Pin::new(&mut this.inner).poll_read(cx, buf);
        let read = &buf.filled()[before..];
        if !read.is_empty() {
            this.activity.touch();
            let mut head = this.activity.head.lock().unwrap();
            if head.armed {
                head.armed = false;
                head.line_ended = false;
                head.bytes.clear();
                head.bytes.extend_from_slice(&read[..read.len().min(512)]);
            }
            if !head.line_ended {
                head.line_ended = read.contains(&b'\n');
            }
        }
        r
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.rewrite.is_none() {
            if let Some(code) = this.own_error(buf) {
                this.rewrite = Some((this.rewritten(code), 0));
            }
        }
        if this.rewrite.is_some() {
            std::task::ready!(this.poll_rewrite(cx))?;
            // hyper's answer stands written; anything after it is dropped,
            // as hyper closes the connection after its own errors.
            return Poll::Ready(Ok(buf.len()));
        }
        let r = Pin::new(&mut this.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = r {
            this.wrote(buf, n);
        }
        r
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let first: &[u8] = bufs.iter().find(|b| !b.is_empty()).map_or(&[], |b| b);
        if this.rewrite.is_none() {
            if let Some(code) = this.own_error(first) {
                this.rewrite = Some((this.rewritten(code), 0));
            }
        }
        if this.rewrite.is_some() {
            std::task::ready!(this.poll_rewrite(cx))?;
            return Poll::Ready(Ok(bufs.iter().map(|b| b.len()).sum()));
        }
        let r = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = r {
            this.wrote(first, n);
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // hyper flushes after writing out its buffer, so a flush after the
        // whole body was taken means the answer is written.
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_flush(cx);
        if let Poll::Ready(Ok(())) = r {
            this.activity.flushed();
        }
        r
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_fits_the_descriptors() {
        let fit = |descriptors| {
            let mut limits = Limits::default();
            let refusals = fit_descriptors(&mut limits, descriptors);
            (limits.max_connections, refusals)
        };
        assert_eq!(fit(None), (MAX_CONNECTIONS, REFUSALS));
        assert_eq!(fit(Some(1 << 20)), (MAX_CONNECTIONS, REFUSALS));
        // The common soft limit: connections, refusals and the reserve
        // within it.
        let (connections, refusals) = fit(Some(1024));
        assert!(connections + refusals + RESERVED_DESCRIPTORS as usize <= 1024);
        assert!(
            connections >= 512 && refusals > 0,
            "{connections} {refusals}"
        );
        assert_eq!(fit(Some(10)).0, 1);
    }

    #[test]
    fn sniffing_a_head() {
        assert_eq!(
            sniff(b"GET /oai?verb=Identify HTTP/1.1\r\nHost: example.org\r\n"),
            ("/oai".to_string(), "example.org".to_string())
        );
        assert_eq!(sniff(b""), ("/".to_string(), "localhost".to_string()));
        assert_eq!(
            sniff(b"GET /api/xxxxxxxxxxxx"),
            ("/api/xxxxxxxxxxxx".to_string(), "localhost".to_string())
        );
    }
}
