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
