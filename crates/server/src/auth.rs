//! Who is asking, for every request: a session's cookie, an API token
//! (`Authorization: Bearer`), or no one. The answer is a [`Who`] that
//! every handler takes and hands to the archive, which decides what it may
//! read; this module only finds out who it is.
//!
//! A session's cookie is HttpOnly and SameSite=Lax, and Secure when the
//! request came over TLS (a proxy's `X-Forwarded-Proto: https`). Every
//! form that changes something carries the session's CSRF token; the
//! log-in form, before there is a session, a token it also sets as a
//! cookie (double submit). Failed log-ins are counted per user name and
//! per client address, and over the limit refused before any password is
//! checked. An answer to a logged-in reader is never kept by a shared
//! cache.

use crate::error::{ApiError, ErrorCode};
use crate::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use fonds_archive::{Session, Viewer};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The session's cookie.
pub const SESSION_COOKIE: &str = "fonds_session";
/// The log-in form's token, before there is a session.
pub const LOGIN_COOKIE: &str = "fonds_login";

/// The client's address, as the connection gave it.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub IpAddr);

/// Who is asking, and the session they ask in.
#[derive(Debug, Clone)]
pub struct Who {
    pub viewer: Viewer,
    pub session: Option<Session>,
    /// The request came over TLS (directly or through a proxy).
    pub secure: bool,
}

impl Who {
    fn anonymous(secure: bool) -> Who {
        Who {
            viewer: Viewer::anonymous(),
            session: None,
            secure,
        }
    }

    /// Whether `token` is the session's CSRF token.
    pub fn csrf_ok(&self, token: &str) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| crate::rest::same_secret(token, &s.csrf))
    }

    /// The session's CSRF token, for a form ("" without a session).
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Who {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Who, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Who>()
            .cloned()
            .unwrap_or_else(|| Who::anonymous(false)))
    }
}

/// A cookie's value in a request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// Whether the request came over TLS: said by a proxy in front.
fn over_tls(headers: &HeaderMap) -> bool {
    let says_https = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("https"))
    };
    says_https("x-forwarded-proto") || says_https("forwarded")
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, for the whole site.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("a cookie of hexadecimal digits")
}

/// The bearer token of a request: `Some(Err)` for an Authorization header
/// that is not one.
fn bearer(headers: &HeaderMap) -> Option<Result<&str, ()>> {
    let value = headers.get(header::AUTHORIZATION)?;
    // The scheme's name is case-insensitive (RFC 9110, 11.1).
    Some(
        value
            .to_str()
            .ok()
            .and_then(|v| v.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim())
            .ok_or(()),
    )
}

/// Finds out who asks and puts it in the request for the handlers.
pub async fn identify(State(archive): State<AppState>, mut req: Request, next: Next) -> Response {
    let secure = over_tls(req.headers());
    let mut clear_cookie = false;
    let who = match bearer(req.headers()) {
        Some(Err(())) => {
            return ApiError::new(
                ErrorCode::Unauthorized,
                "the Authorization header must be `Bearer TOKEN`, with an API token from `fonds user token`",
            )
            .into_response()
        }
        Some(Ok(token)) => match archive.token_viewer(token).await {
            Ok(Some(viewer)) => Who {
                viewer,
                session: None,
                secure,
            },
            Ok(None) => {
                return ApiError::new(
                    ErrorCode::Unauthorized,
                    "the API token is not one of this archive's (or was revoked)",
                )
                .into_response()
            }
            Err(e) => return ApiError::from(e).into_response(),
        },
        None => match cookie(req.headers(), SESSION_COOKIE) {
            None => Who::anonymous(secure),
            Some(secret) => match archive.session(secret).await {
                Ok(Some(session)) => Who {
                    viewer: session.viewer.clone(),
                    session: Some(session),
                    secure,
                },
                Ok(None) => {
                    clear_cookie = true;
                    Who::anonymous(secure)
                }
                Err(e) => return ApiError::from(e).into_response(),
            },
        },
    };
    let logged_in = who.viewer.logged_in();
    req.extensions_mut().insert(who);
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    crate::negotiate::add_vary(h, "cookie, authorization");
    if logged_in {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    if clear_cookie && !h.contains_key(header::SET_COOKIE) {
        h.insert(
            header::SET_COOKIE,
            set_cookie(SESSION_COOKIE, "", 0, secure),
        );
    }
    response
}

/// Failed log-ins: at most [`PER_NAME`] for one user name and
/// [`PER_ADDRESS`] from one address in [`WINDOW`]; over that, attempts are
/// refused without checking the password until the oldest failure leaves
/// the window.
#[derive(Default)]
pub struct Attempts(Mutex<HashMap<String, VecDeque<Instant>>>);

pub const PER_NAME: usize = 5;
pub const PER_ADDRESS: usize = 20;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The most names and addresses followed at once.
const FOLLOWED: usize = 100_000;

impl Attempts {
    fn keys(name: &str, peer: Option<IpAddr>) -> Vec<(String, usize)> {
        let mut keys = vec![(format!("name:{}", name.to_lowercase()), PER_NAME)];
        if let Some(ip) = peer {
            keys.push((format!("addr:{ip}"), PER_ADDRESS));
        }
        keys
    }

    /// How long until a log-in as `name` from `peer` may be tried, if it
    /// may not now.
    pub fn wait(&self, name: &str, peer: Option<IpAddr>) -> Option<Duration> {
        let now = Instant::now();
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = None;
        for (key, limit) in Attempts::keys(name, peer) {
            if let Some(times) = seen.get_mut(&key) {
                while times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= WINDOW)
                {
                    times.pop_front();
                }
                if times.len() >= limit {
                    let left = WINDOW - now.duration_since(times[0]);
                    wait = Some(wait.map_or(left, |w: Duration| w.max(left)));
                }
            }
        }
        wait
    }

    pub fn failed(&self, name: &str, peer: Option<IpAddr>) {
        let now = Instant::now();
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() >= FOLLOWED {
            seen.retain(|_, t| t.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        for (key, limit) in Attempts::keys(name, peer) {
            let times = seen.entry(key).or_default();
            times.push_back(now);
            while times.len() > limit {
                times.pop_front();
            }
        }
    }

    pub fn succeeded(&self, name: &str) {
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        seen.remove(&format!("name:{}", name.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; fonds_session=abc ; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn failed_log_ins_are_limited_per_name_and_per_address() {
        let a = Attempts::default();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..PER_NAME {
            assert!(a.wait("Ann", Some(ip)).is_none());
            a.failed("Ann", Some(ip));
        }
        assert!(
            a.wait("ann", Some(ip)).is_some(),
            "names compare without case"
        );
        assert!(a.wait("bob", Some(ip)).is_none());
        for n in 0..PER_ADDRESS {
            a.failed(&format!("user{n}"), Some(ip));
        }
        assert!(a.wait("carol", Some(ip)).is_some(), "the address is over");
        assert!(a
            .wait("carol", Some("192.0.2.2".parse().unwrap()))
            .is_none());
        a.succeeded("ann");
        assert!(a.wait("ann", None).is_none());
    }
}
