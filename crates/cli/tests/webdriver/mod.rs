//! A minimal W3C WebDriver client for the browser tests: chromedriver on a
//! free loopback port, one headless Chromium session, and the few commands the
//! tests use. Plain HTTP/1.1 over `std::net::TcpStream` and `serde_json`; no
//! other crates.
//!
//! Every command that fails panics with the WebDriver error and message; the
//! `try_` variants return them instead.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The W3C key under which an element reference travels.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The flags Chromium needs here: headless, no sandbox (containers run as
/// root), and no background traffic (which would be refused and slows
/// everything down).
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--lang=en-US",
];

pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (390, 844);

/// A free TCP port on 127.0.0.1 (bound, read and released).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().unwrap().port()
}

// ---------------------------------------------------------------------------
// HTTP/1.1

/// An HTTP response: status, headers (names lowercased) and the whole body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on a fresh connection. The body, if any, is sent as
/// JSON with a Content-Length; the answer is read in full, by Content-Length,
/// chunked transfer coding, or to the end of the connection.
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&[u8]>,
) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: */*\r\n");
    if let Some(body) = body {
        request.push_str("Content-Type: application/json; charset=utf-8\r\n");
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    } else if method == "POST" || method == "PUT" {
        request.push_str("Content-Length: 0\r\n");
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    if let Some(body) = body {
        bytes.extend_from_slice(body);
    }
    stream.write_all(&bytes)?;
    stream.flush()?;
    read_response(&mut stream, method == "HEAD")
}

fn invalid(msg: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg.into())
}

fn read_response(stream: &mut TcpStream, head_only: bool) -> std::io::Result<Response> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    // The head.
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(invalid(format!(
                "connection closed before the end of the response head ({} bytes read)",
                buf.len()
            )));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut rest = buf[head_end + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid(format!("bad status line {status_line:?}")))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let no_body = head_only || status == 204 || status == 304 || (100..200).contains(&status);
    let body = if no_body {
        Vec::new()
    } else if get("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        read_chunked(stream, rest)?
    } else if let Some(len) = get("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| invalid(format!("bad Content-Length {len:?}")))?;
        while rest.len() < len {
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                return Err(invalid(format!(
                    "connection closed after {} of {len} body bytes",
                    rest.len()
                )));
            }
            rest.extend_from_slice(&chunk[..n]);
        }
        rest.truncate(len);
        rest
    } else {
        stream.read_to_end(&mut rest)?;
        rest
    };
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn read_chunked(stream: &mut TcpStream, mut buf: Vec<u8>) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let mut more = |buf: &mut Vec<u8>| -> std::io::Result<()> {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(invalid("connection closed inside a chunked body"));
        }
        buf.extend_from_slice(&chunk[..n]);
        Ok(())
    };
    loop {
        let line_end = loop {
            if let Some(i) = find(&buf, b"\r\n") {
                break i;
            }
            more(&mut buf)?;
        };
        let size_text = String::from_utf8_lossy(&buf[..line_end]).into_owned();
        let size_hex = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| invalid(format!("bad chunk size {size_text:?}")))?;
        buf.drain(..line_end + 2);
        if size == 0 {
            // Trailers, if any, end with an empty line; nothing in them matters.
            return Ok(body);
        }
        while buf.len() < size + 2 {
            more(&mut buf)?;
        }
        body.extend_from_slice(&buf[..size]);
        buf.drain(..size + 2);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A GET on the fonds server (or any loopback server); panics on an I/O error.
pub fn get(base: &str, path_or_url: &str) -> Response {
    let (addr, path) = split_url(base, path_or_url);
    http(addr, "GET", &path, None).unwrap_or_else(|e| panic!("GET {path_or_url}: {e}"))
}

/// The loopback address and the path of `url`, which is absolute
/// (`http://127.0.0.1:N/...`) or a path resolved against `base`.
pub fn split_url(base: &str, url: &str) -> (SocketAddr, String) {
    let absolute = if url.starts_with("http://") {
        url.to_string()
    } else if url.starts_with('/') {
        format!("{}{url}", base.trim_end_matches('/'))
    } else {
        format!("{}/{url}", base.trim_end_matches('/'))
    };
    let rest = absolute
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("only http:// URLs on loopback are supported: {absolute}"));
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let path = path.split('#').next().unwrap().to_string();
    let authority = authority.replace("localhost", "127.0.0.1");
    let addr: SocketAddr = authority
        .parse()
        .unwrap_or_else(|_| panic!("not a loopback address with a port: {authority} ({url})"));
    assert!(
        addr.ip().is_loopback(),
        "the tests only contact loopback addresses, not {addr}"
    );
    (addr, path)
}

// ---------------------------------------------------------------------------
// base64

/// Decodes standard base64 (with or without padding; whitespace ignored).
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some((c - b'A') as u32),
            b'a'..=b'z' => Some((c - b'a') as u32 + 26),
            b'0'..=b'9' => Some((c - b'0') as u32 + 52),
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for (i, c) in text.bytes().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            break;
        }
        let v = value(c).ok_or_else(|| format!("not base64: byte {c:#04x} at {i}"))?;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// chromedriver and the session

/// A WebDriver error: the HTTP status, the W3C error code and the message.
#[derive(Debug, Clone)]
pub struct WdError {
    pub status: u16,
    pub error: String,
    pub message: String,
}

impl fmt::Display for WdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Chromedriver appends a long stack trace; the first line says it.
        let first = self.message.lines().next().unwrap_or_default();
        write!(f, "{} (HTTP {}): {first}", self.error, self.status)
    }
}

/// A chromedriver process, killed when dropped.
struct Driver {
    child: Child,
    addr: SocketAddr,
}

impl Driver {
    fn start(log: &Path) -> Driver {
        let port = free_port();
        let log_file = std::fs::File::create(log).expect("chromedriver log file");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {CHROMEDRIVER}: {e}"));
        let mut driver = Driver {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = http(driver.addr, "GET", "/status", None) {
                let ready = serde_json::from_slice::<Value>(&r.body)
                    .ok()
                    .and_then(|v| v["value"]["ready"].as_bool());
                if r.status == 200 && ready == Some(true) {
                    return driver;
                }
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!(
                    "chromedriver exited with {status} before it was ready; its log: {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            if Instant::now() > deadline {
                panic!("chromedriver on {} was not ready within 20 s", driver.addr);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One headless Chromium session. Dropping it deletes the session (which
/// closes Chromium), then stops chromedriver. If the thread is panicking, a
/// screenshot of the page is saved first as `failure-NAME.png` in the
/// screenshot folder, and its URL is printed.
pub struct Browser {
    addr: SocketAddr,
    session: String,
    name: String,
    screenshots: PathBuf,
    _profile: TempDir,
    _driver: Driver,
}

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> TempDir {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session with a fresh
    /// profile, at the desktop window size. `name` names the failure
    /// screenshot; `screenshots` is where screenshots go.
    pub fn start(name: &str, screenshots: &Path) -> Browser {
        let profile = TempDir::new("fonds-chromium");
        let driver = Driver::start(&profile.path().join("chromedriver.log"));
        let user_data = profile.path().join("profile");
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", user_data.display()));
        args.push(format!("--window-size={},{}", DESKTOP.0, DESKTOP.1));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "unhandledPromptBehavior": "ignore",
                    "timeouts": { "implicit": 0, "pageLoad": 20000, "script": 10000 },
                    "goog:chromeOptions": {
                        "binary": CHROMIUM,
                        "args": args,
                    }
                }
            }
        });
        let value =
            command(driver.addr, "POST", "/session", Some(&capabilities)).unwrap_or_else(|e| {
                panic!(
                    "could not start a Chromium session: {e}\nchromedriver log:\n{}",
                    tail(&profile.path().join("chromedriver.log"), 40)
                )
            });
        let session = value["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no sessionId in {value}"))
            .to_string();
        let browser = Browser {
            addr: driver.addr,
            session,
            name: name.to_string(),
            screenshots: screenshots.to_path_buf(),
            _profile: profile,
            _driver: driver,
        };
        browser.set_window_size(DESKTOP.0, DESKTOP.1);
        browser
    }

    pub fn session_id(&self) -> &str {
        &self.session
    }

    /// A command on this session (`path` is relative to `/session/{id}`).
    pub fn try_cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        let full = format!("/session/{}{path}", self.session);
        command(self.addr, method, &full, body.as_ref())
    }

    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_cmd(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    // --- windows -----------------------------------------------------------

    /// Resizes the window and clears any device emulation (desktop mode).
    pub fn set_window_size(&self, width: u32, height: u32) {
        let _ = self.try_cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": "Emulation.clearDeviceMetricsOverride", "params": {}})),
        );
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    /// A desktop window of 1280 x 900.
    pub fn desktop(&self) {
        self.set_window_size(DESKTOP.0, DESKTOP.1);
    }

    /// A phone: a 390 x 844 window, and the device metrics of a phone
    /// (a mobile viewport that honours `<meta name=viewport>`, touch), so the
    /// page lays out as on a phone rather than in a narrow desktop window.
    pub fn phone(&self) {
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": PHONE.0, "height": PHONE.1})),
        );
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": PHONE.0, "height": PHONE.1,
                "deviceScaleFactor": 2, "mobile": true,
            }),
        );
    }

    /// A Chrome DevTools Protocol command through chromedriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
    }

    /// Evaluates `expression` in the page through the DevTools Protocol
    /// (`Runtime.evaluate`, which the page's Content-Security-Policy does not
    /// govern), waits for it if it is a promise, and returns its value as
    /// JSON. Panics with the exception if it throws or its promise rejects.
    pub fn evaluate(&self, expression: &str) -> Value {
        let v = self.cdp(
            "Runtime.evaluate",
            json!({
                "expression": expression,
                "awaitPromise": true,
                "returnByValue": true,
            }),
        );
        if let Some(e) = v.get("exceptionDetails") {
            let what = e["exception"]["description"]
                .as_str()
                .or_else(|| e["text"].as_str())
                .unwrap_or("an exception");
            panic!("Runtime.evaluate threw on {}: {what}", self.url());
        }
        v["result"]["value"].clone()
    }

    /// Lets pages of `origin` write to (and read) the clipboard without a
    /// prompt, as a user who allowed it would.
    pub fn grant_clipboard(&self, origin: &str) {
        let _ = self.try_cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": "Browser.grantPermissions", "params": {
                "origin": origin,
                "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
            }})),
        );
    }

    // --- navigation ----------------------------------------------------------

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn title(&self) -> String {
        self.cmd("GET", "/title", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn back(&self) {
        self.cmd("POST", "/back", Some(json!({})));
    }

    /// The page's HTML as the browser now holds it.
    pub fn source(&self) -> String {
        self.cmd("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    // --- elements ------------------------------------------------------------

    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        match self.try_cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        ) {
            Ok(v) => Some(self.element(&v, css)),
            Err(e) if e.error == "no such element" => None,
            Err(e) => panic!("WebDriver find {css:?}: {e}"),
        }
    }

    /// The first element matching `css`; panics (naming the selector and the
    /// page) if there is none.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.try_find(css)
            .unwrap_or_else(|| panic!("no element matches {css:?} on {}", self.url()))
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let v = self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array()
            .map(|a| a.iter().map(|e| self.element(e, css)).collect())
            .unwrap_or_default()
    }

    /// Waits up to `timeout` for an element matching `css`.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Element<'_> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.try_find(css) {
                return e;
            }
            if Instant::now() > deadline {
                panic!(
                    "no element matched {css:?} within {timeout:?} on {}",
                    self.url()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits up to `timeout` for `cond` to hold; panics with `what` otherwise.
    pub fn wait_until(&self, what: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
        let deadline = Instant::now() + timeout;
        while !cond() {
            if Instant::now() > deadline {
                panic!(
                    "timed out after {timeout:?} waiting until {what} (on {})",
                    self.url()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn element(&self, v: &Value, css: &str) -> Element<'_> {
        let id = v[ELEMENT_KEY]
            .as_str()
            .unwrap_or_else(|| panic!("not an element reference: {v}"))
            .to_string();
        Element {
            browser: self,
            id,
            css: css.to_string(),
        }
    }

    // --- scripts -------------------------------------------------------------

    /// Runs `script` (a function body: `return ...`) with `args` (elements
    /// may be passed as `el.to_arg()`), and returns its JSON result.
    pub fn exec(&self, script: &str, args: Vec<Value>) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    pub fn try_exec(&self, script: &str, args: Vec<Value>) -> Result<Value, WdError> {
        self.try_cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    // --- dialogs -------------------------------------------------------------

    /// The text of the open alert, or `None` when WebDriver answers
    /// "no such alert".
    pub fn alert_text(&self) -> Option<String> {
        match self.try_cmd("GET", "/alert/text", None) {
            Ok(v) => Some(v.as_str().unwrap_or_default().to_string()),
            Err(e) if e.error == "no such alert" => None,
            Err(e) => panic!("WebDriver GET /alert/text: {e}"),
        }
    }

    pub fn dismiss_alert(&self) {
        let _ = self.try_cmd("POST", "/alert/dismiss", Some(json!({})));
    }

    // --- screenshots ---------------------------------------------------------

    /// A PNG of the viewport.
    pub fn screenshot_png(&self) -> Vec<u8> {
        let v = self.cmd("GET", "/screenshot", None);
        let data = v
            .as_str()
            .unwrap_or_else(|| panic!("screenshot: not a string: {v}"));
        let png = base64_decode(data).unwrap_or_else(|e| panic!("screenshot: {e}"));
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "the screenshot is not a PNG"
        );
        png
    }

    /// Saves a PNG of the viewport as `file_name` in the screenshot folder and
    /// returns its path.
    pub fn screenshot(&self, file_name: &str) -> PathBuf {
        let png = self.screenshot_png();
        std::fs::create_dir_all(&self.screenshots).expect("create the screenshot folder");
        let path = self.screenshots.join(file_name);
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let url = self.try_cmd("GET", "/url", None).ok();
            if let Ok(v) = self.try_cmd("GET", "/screenshot", None) {
                if let Some(png) = v.as_str().and_then(|s| base64_decode(s).ok()) {
                    let _ = std::fs::create_dir_all(&self.screenshots);
                    let path = self.screenshots.join(format!("failure-{}.png", self.name));
                    if std::fs::write(&path, png).is_ok() {
                        eprintln!(
                            "browser at {} when the test failed; screenshot: {}",
                            url.as_ref().and_then(|u| u.as_str()).unwrap_or("?"),
                            path.display()
                        );
                    }
                }
            }
        }
        let path = format!("/session/{}", self.session);
        let _ = command(self.addr, "DELETE", &path, None);
    }
}

/// An element of the current page.
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
    css: String,
}

impl Element<'_> {
    fn cmd(&self, method: &str, what: &str, body: Option<Value>) -> Value {
        self.browser
            .try_cmd(method, &format!("/element/{}{what}", self.id), body)
            .unwrap_or_else(|e| panic!("WebDriver {method} element {:?}{what}: {e}", self.css))
    }

    /// The element as a script argument.
    pub fn to_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    pub fn click(&self) {
        self.cmd("POST", "/click", Some(json!({})));
    }

    pub fn clear(&self) {
        self.cmd("POST", "/clear", Some(json!({})));
    }

    /// Types `text`; "\u{E007}" is the Enter key.
    pub fn send_keys(&self, text: &str) {
        self.cmd("POST", "/value", Some(json!({ "text": text })));
    }

    /// The rendered text (what a reader sees; hidden text excluded).
    pub fn text(&self) -> String {
        self.cmd("GET", "/text", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The DOM text, whatever CSS does to it (`text-transform`, hiding).
    pub fn text_content(&self) -> String {
        self.prop("textContent")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn attr(&self, name: &str) -> Option<String> {
        let v = self.cmd("GET", &format!("/attribute/{name}"), None);
        v.as_str().map(str::to_string)
    }

    pub fn prop(&self, name: &str) -> Value {
        self.cmd("GET", &format!("/property/{name}"), None)
    }

    pub fn displayed(&self) -> bool {
        self.cmd("GET", "/displayed", None)
            .as_bool()
            .unwrap_or(false)
    }

    /// x, y, width, height (CSS pixels, relative to the document).
    pub fn rect(&self) -> Rect {
        let v = self.cmd("GET", "/rect", None);
        let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
        Rect {
            x: f("x"),
            y: f("y"),
            width: f("width"),
            height: f("height"),
        }
    }

    pub fn find(&self, css: &str) -> Element<'_> {
        self.try_find(css).unwrap_or_else(|| {
            panic!(
                "no element matches {css:?} inside {:?} on {}",
                self.css,
                self.browser.url()
            )
        })
    }

    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        match self.browser.try_cmd(
            "POST",
            &format!("/element/{}/element", self.id),
            Some(json!({"using": "css selector", "value": css})),
        ) {
            Ok(v) => Some(Element {
                css: format!("{} {css}", self.css),
                ..self.browser.element(&v, css)
            }),
            Err(e) if e.error == "no such element" => None,
            Err(e) => panic!("WebDriver find {css:?} inside {:?}: {e}", self.css),
        }
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let v = self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|e| Element {
                        css: format!("{} {css}", self.css),
                        ..self.browser.element(e, css)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A WebDriver command: the `value` of a successful answer, or the error.
fn command(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, WdError> {
    let bytes = body.map(|b| serde_json::to_vec(b).unwrap());
    let response = http(addr, method, path, bytes.as_deref()).map_err(|e| WdError {
        status: 0,
        error: "connection failed".into(),
        message: format!("{method} {path} to chromedriver on {addr}: {e}"),
    })?;
    let v: Value = serde_json::from_slice(&response.body).map_err(|e| WdError {
        status: response.status,
        error: "bad answer".into(),
        message: format!("not JSON ({e}): {}", response.text()),
    })?;
    let value = v.get("value").cloned().unwrap_or(Value::Null);
    if response.status == 200 {
        Ok(value)
    } else {
        Err(WdError {
            status: response.status,
            error: value["error"]
                .as_str()
                .unwrap_or("unknown error")
                .to_string(),
            message: value["message"].as_str().unwrap_or_default().to_string(),
        })
    }
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(base64_decode("").unwrap(), b"");
        assert_eq!(base64_decode("Zg==").unwrap(), b"f");
        assert_eq!(base64_decode("Zm8=").unwrap(), b"fo");
        assert_eq!(base64_decode("Zm9v").unwrap(), b"foo");
        assert_eq!(base64_decode("Zm9vYg").unwrap(), b"foob");
        assert_eq!(base64_decode("Zm9v\nYmFy").unwrap(), b"foobar");
        assert_eq!(base64_decode("/+8=").unwrap(), [0xff, 0xef]);
        assert!(base64_decode("Zm9v*").is_err());
    }
}
