//! A minimal HTTP/1.1 client for the server's tests: one request per
//! connection, chunked answers joined.

// Each test binary uses its own part of this client.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

/// Sends one request and returns the answer's header block and body.
pub fn exchange(addr: SocketAddr, method: &str, path: &str, body: &str) -> (String, Vec<u8>) {
    let content_type = [("Content-Type", "application/x-www-form-urlencoded")];
    let headers: &[(&str, &str)] = if body.is_empty() { &[] } else { &content_type };
    exchange_with(addr, method, path, headers, body)
}

/// Sends one request with these headers and returns the answer's header
/// block and body.
pub fn exchange_with(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (head, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[line_end + 2..line_end + 2 + size]);
        b = &b[line_end + 2 + size + 2..];
    }
}

/// The validators' Python (the venv `shared/tools/validators.sh` makes),
/// or `None` when it is not installed, which fails under CI; `what` says
/// which tools the caller needed.
pub fn validators_python(what: &str) -> Option<std::path::PathBuf> {
    let venv = std::env::var_os("FONDS_VALIDATORS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(&std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/fonds-validators")
        });
    let python = venv.join("bin/python");
    if python.exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is not installed in {}; run shared/tools/validators.sh",
        venv.display()
    );
    eprintln!(
        "note: skipping {what}: no venv at {} (run shared/tools/validators.sh)",
        venv.display()
    );
    None
}

/// An answer of the router, in the process.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.all(name).into_iter().next()
    }

    /// Every value of a header.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value a `Set-Cookie` gives `name`, with its attributes.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.all("set-cookie")
            .into_iter()
            .find(|c| c.starts_with(&format!("{name}=")))
    }

    /// The value of a form's field on the page: an input's value or a
    /// textarea's text, unescaped.
    pub fn field(&self, name: &str) -> String {
        let unescape = |s: &str| {
            s.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        };
        if let Some(at) = self.body.find(&format!("name=\"{name}\" value=\"")) {
            let rest = &self.body[at + name.len() + 15..];
            return unescape(&rest[..rest.find('"').unwrap()]);
        }
        let at = self
            .body
            .find(&format!("name=\"{name}\""))
            .unwrap_or_else(|| panic!("no field {name} in {}", self.body));
        let rest = &self.body[at..];
        let open = rest.find('>').unwrap() + 1;
        let close = rest.find("</textarea>").unwrap();
        unescape(&rest[open..close])
    }
}

/// One request answered by the router in the process; a POST's body is a
/// form unless a content type is given.
pub async fn send(
    app: &axum::Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost");
    if method == "POST"
        && !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        req = req.header("content-type", "application/x-www-form-urlencoded");
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let answer = app
        .clone()
        .oneshot(req.body(axum::body::Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let headers = answer
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let bytes = axum::body::to_bytes(answer.into_body(), usize::MAX)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A form's body: every byte but letters and digits percent-encoded.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encoded(k), encoded(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `s` with every byte but letters and digits percent-encoded.
pub fn encoded(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
