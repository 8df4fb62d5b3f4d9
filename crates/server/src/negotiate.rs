//! What every successful answer gets on its way out: a validator and the
//! compression the client asked for.
//!
//! An answer to a GET that carries no `ETag` of its own gets a weak one, a
//! hash of its body, and a request whose `If-None-Match` names it is
//! answered `304 Not Modified` without the body. Text (HTML, JSON, XML, CSS,
//! JavaScript) of [`MIN_COMPRESSED`] bytes or more is compressed with zstd
//! or gzip when `Accept-Encoding` accepts one (`q=0` refuses), and says so in
//! `Content-Encoding` and `Vary`. A compressed answer's `ETag` becomes weak,
//! as its bytes are no longer the ones the tag was made for. Bodies larger
//! than [`MAX_BUFFERED`] pass as they are.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::io::Write;

/// Smaller answers are sent as they are: compression would gain less than
/// its headers cost.
pub const MIN_COMPRESSED: usize = 1024;
/// The largest body held in memory to be tagged or compressed.
pub const MAX_BUFFERED: usize = 32 << 20;

/// A compression the service can apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Zstd,
    Gzip,
}

impl Coding {
    fn token(self) -> &'static str {
        match self {
            Coding::Zstd => "zstd",
            Coding::Gzip => "gzip",
        }
    }

    fn compress(self, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Coding::Zstd => zstd::bulk::compress(bytes, 3),
            Coding::Gzip => {
                let mut e = flate2::write::GzEncoder::new(
                    Vec::with_capacity(bytes.len() / 3),
                    flate2::Compression::fast(),
                );
                e.write_all(bytes)?;
                e.finish()
            }
        }
    }
}

/// The coding to answer with, from an `Accept-Encoding` value (RFC 9110
/// 12.5.3): the acceptable one of highest weight, zstd before gzip at equal
/// weight; `*` stands for any coding not named; none when only the
/// identity is acceptable.
pub fn choose(accept: &str) -> Option<Coding> {
    let mut zstd: Option<f32> = None;
    let mut gzip: Option<f32> = None;
    let mut any: Option<f32> = None;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = 1.0f32;
        for p in parts {
            if let Some((k, v)) = p.split_once('=') {
                if k.trim().eq_ignore_ascii_case("q") {
                    q = v.trim().parse().unwrap_or(0.0);
                }
            }
        }
        let q = q.clamp(0.0, 1.0);
        match name.as_str() {
            "zstd" => zstd = Some(q),
            "gzip" | "x-gzip" => gzip = Some(q),
            "*" => any = Some(q),
            _ => {}
        }
    }
    let zstd = zstd.or(any).unwrap_or(0.0);
    let gzip = gzip.or(any).unwrap_or(0.0);
    if zstd <= 0.0 && gzip <= 0.0 {
        None
    } else if zstd >= gzip {
        Some(Coding::Zstd)
    } else {
        Some(Coding::Gzip)
    }
}

/// Whether a media type is text worth compressing.
fn compressible(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
        || matches!(
            essence.as_str(),
            "application/json" | "application/xml" | "application/javascript"
        )
}

/// Whether an `If-None-Match` value names `tag`, by the weak comparison.
pub fn none_match(if_none_match: &str, tag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let tag = opaque(tag);
    if_none_match
        .split(',')
        .any(|t| t.trim() == "*" || opaque(t) == tag)
}

/// The middleware: tags and compresses answers as the module says.
pub async fn representation(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let method = req.method().clone();
    let if_none_match = header_str(req.headers(), header::IF_NONE_MATCH);
    let coding = header_str(req.headers(), header::ACCEPT_ENCODING)
        .as_deref()
        .and_then(choose);
    let response = next.run(req).await;
    if response.status() != StatusCode::OK || !(method == Method::GET || method == Method::HEAD) {
        return response;
    }
    let text =
        header_str(response.headers(), header::CONTENT_TYPE).is_some_and(|t| compressible(&t));
    let encoded = response.headers().contains_key(header::CONTENT_ENCODING);
    let (mut parts, body) = response.into_parts();
    if axum::body::HttpBody::size_hint(&body)
        .upper()
        .is_none_or(|n| n > MAX_BUFFERED as u64)
    {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BUFFERED).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let h = &mut parts.headers;
    if !h.contains_key(header::ETAG) {
        let digest = Sha256::digest(&bytes);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        if let Ok(v) = HeaderValue::from_str(&format!("W/\"{hex}\"")) {
            h.insert(header::ETAG, v);
        }
    }
    if text {
        add_vary(h, "accept-encoding");
    }
    let tag = header_str(h, header::ETAG).unwrap_or_default();
    if if_none_match.is_some_and(|inm| none_match(&inm, &tag)) {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        for name in [
            header::ETAG,
            header::CACHE_CONTROL,
            header::VARY,
            header::LAST_MODIFIED,
        ] {
            for v in h.get_all(&name) {
                r.headers_mut().append(name.clone(), v.clone());
            }
        }
        return r;
    }
    let Some(coding) = coding
        .filter(|_| text && !encoded && method == Method::GET && bytes.len() >= MIN_COMPRESSED)
    else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let Ok(packed) = coding.compress(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    h.insert(
        header::CONTENT_ENCODING,
        HeaderValue::from_static(coding.token()),
    );
    h.remove(header::CONTENT_LENGTH);
    if !tag.starts_with("W/") {
        if let Ok(v) = HeaderValue::from_str(&format!("W/{tag}")) {
            h.insert(header::ETAG, v);
        }
    }
    Response::from_parts(parts, Body::from(packed))
}

fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Adds `names` to the one `Vary` field of an answer.
pub(crate) fn add_vary(h: &mut axum::http::HeaderMap, names: &str) {
    let kept: Vec<String> = h
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(String::from)
        .collect();
    let value = if kept.is_empty() {
        names.to_string()
    } else {
        format!("{}, {names}", kept.join(", "))
    };
    if let Ok(v) = HeaderValue::from_str(&value) {
        h.insert(header::VARY, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_chooses_the_coding_by_weight() {
        for (accept, want) in [
            ("gzip, deflate, br, zstd", Some(Coding::Zstd)),
            ("gzip", Some(Coding::Gzip)),
            ("gzip;q=1.0, zstd;q=0.5", Some(Coding::Gzip)),
            ("zstd;q=0, gzip;q=0.1", Some(Coding::Gzip)),
            ("*", Some(Coding::Zstd)),
            ("*;q=0", None),
            ("gzip;q=0, *;q=0.2", Some(Coding::Zstd)),
            ("identity", None),
            ("br", None),
            ("", None),
            ("GZIP ; Q=0.5", Some(Coding::Gzip)),
            ("gzip;q=nonsense", None),
        ] {
            assert_eq!(choose(accept), want, "{accept:?}");
        }
    }

    #[test]
    fn if_none_match_compares_weakly() {
        assert!(none_match("W/\"abc\"", "\"abc\""));
        assert!(none_match("\"x\", W/\"abc\"", "W/\"abc\""));
        assert!(none_match("*", "\"abc\""));
        assert!(!none_match("\"abd\"", "\"abc\""));
    }

    #[test]
    fn only_text_is_compressed() {
        assert!(compressible("text/html; charset=utf-8"));
        assert!(compressible("application/json"));
        assert!(compressible("application/ld+json;profile=x"));
        assert!(compressible("text/xml"));
        assert!(!compressible("image/png"));
        assert!(!compressible("application/octet-stream"));
    }
}
