//! Logging in and out, the account page, and the admin pages: users,
//! who may read what, API tokens and the audit log.
//!
//! Every form that changes something is a POST carrying the session's CSRF
//! token; the log-in form carries a token it also sets as a cookie.

use super::errors::{internal, not_found_page};
use super::frame::{layout, page};
use super::post::{checked, field, forged, refused, see_other};
use crate::auth::{self, Attempts, Peer, Who, LOGIN_COOKIE, SESSION_COOKIE};
use crate::http;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use fonds_archive::{accounts, ArchiveError, Role, Rule, Scope, State as Access};
use maud::{html, Markup};
use std::sync::Arc;

/// Where to go after logging in: a path of this site, else the home page.
fn local_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    if local {
        next
    } else {
        "/"
    }
}

fn login_form(status: StatusCode, next: &str, message: Option<&str>, secure: bool) -> Response {
    let token = match accounts::new_secret() {
        Ok(t) => t,
        Err(e) => return internal(e),
    };
    let main = html! {
        h1 { "Log in" }
        @if let Some(m) = message { p.error role="alert" { (m) } }
        form.account method="post" action="/login" {
            input type="hidden" name="csrf" value=(token);
            input type="hidden" name="next" value=(next);
            p {
                label for="login-name" { "Name" }
                input #login-name name="name" type="text" autocomplete="username" required;
            }
            p {
                label for="login-password" { "Password" }
                input #login-password name="password" type="password" autocomplete="current-password" required;
            }
            p { button type="submit" { "Log in" } }
        }
        p.note { "Accounts are made by the archive's admins. Reading the public documents needs none." }
    };
    let mut r = page(status, layout("Log in", html! {}, "", main));
    r.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(LOGIN_COOKIE, &token, 3600, secure),
    );
    r
}

pub async fn login_page(
    who: Who,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    let pairs = http::form_pairs(raw.as_deref());
    let next = local_path(field(&pairs, "next")).to_string();
    if who.viewer.logged_in() {
        return see_other(&next);
    }
    login_form(StatusCode::OK, &next, None, who.secure)
}

pub async fn login(
    State(archive): State<AppState>,
    who: Who,
    Extension(attempts): Extension<Arc<Attempts>>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let pairs = http::form_pairs(Some(&body));
    let next = local_path(field(&pairs, "next")).to_string();
    let given = field(&pairs, "csrf");
    let kept = auth::cookie(&headers, LOGIN_COOKIE).unwrap_or("");
    if given.is_empty() || !crate::rest::same_secret(given, kept) {
        return login_form(
            StatusCode::FORBIDDEN,
            &next,
            Some("The form had expired or did not come from this site. Try again."),
            who.secure,
        );
    }
    if archive.read_only() {
        return login_form(
            StatusCode::SERVICE_UNAVAILABLE,
            &next,
            Some("This server serves the archive read-only and keeps no sessions: log in through a server that opened it for writing. API tokens work here."),
            who.secure,
        );
    }
    let name = field(&pairs, "name").trim();
    let peer = peer.map(|Extension(Peer(ip))| ip);
    if let Some(wait) = attempts.wait(name, peer) {
        let minutes = wait.as_secs().div_ceil(60);
        let mut r = login_form(
            StatusCode::TOO_MANY_REQUESTS,
            &next,
            Some(&format!(
                "Too many failed attempts. Try again in {minutes} minute{}.",
                if minutes == 1 { "" } else { "s" }
            )),
            who.secure,
        );
        if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    match archive.log_in(name, field(&pairs, "password")).await {
        Ok(Some(session)) => {
            attempts.succeeded(name);
            let mut r = see_other(&next);
            let h = r.headers_mut();
            h.append(
                header::SET_COOKIE,
                auth::set_cookie(
                    SESSION_COOKIE,
                    &session.secret,
                    accounts::SESSION_SECONDS,
                    who.secure,
                ),
            );
            h.append(
                header::SET_COOKIE,
                auth::set_cookie(LOGIN_COOKIE, "", 0, who.secure),
            );
            r
        }
        Ok(None) => {
            attempts.failed(name, peer);
            login_form(
                StatusCode::UNAUTHORIZED,
                &next,
                Some("The name or the password is not right."),
                who.secure,
            )
        }
        Err(e) => internal(e),
    }
}

pub async fn logout(State(archive): State<AppState>, who: Who, body: String) -> Response {
    let pairs = http::form_pairs(Some(&body));
    let Some(session) = &who.session else {
        return see_other("/");
    };
    if let Some(r) = forged(&who, &pairs) {
        return r;
    }
    if let Err(e) = archive.log_out(session).await {
        return internal(e);
    }
    let mut r = see_other("/");
    r.headers_mut().insert(
        header::SET_COOKIE,
        auth::set_cookie(SESSION_COOKIE, "", 0, who.secure),
    );
    r
}

fn logout_form(who: &Who) -> Markup {
    html! {
        form.inline method="post" action="/logout" {
            input type="hidden" name="csrf" value=(who.csrf());
            button type="submit" { "Log out" }
        }
    }
}

pub async fn account(who: Who) -> Response {
    if !who.viewer.logged_in() {
        return see_other("/login?next=/account");
    }
    let role = who.viewer.role().map_or("", Role::as_str);
    let main = html! {
        h1 { "Your account" }
        p { "Logged in as " strong { (who.viewer.name()) } " (" (role) ")." }
        @if who.viewer.is_admin() { p { a href="/admin" { "Administration" } } }
        (logout_form(&who))
    };
    page(StatusCode::OK, layout("Account", html! {}, "", main))
}

/// The admin pages' gate: for anyone but an admin, the log-in page or a
/// refusal.
fn not_admin(who: &Who, here: &str) -> Option<Response> {
    if !who.viewer.logged_in() {
        return Some(see_other(&format!("/login?next={here}")));
    }
    if !who.viewer.is_admin() {
        return Some(refused(
            StatusCode::FORBIDDEN,
            "Admins only",
            "This page is for the archive's admins.",
        ));
    }
    None
}

/// How many entries of the audit log the admin page shows.
const AUDIT_SHOWN: usize = 50;

async fn admin_page(
    archive: &fonds_archive::Archive,
    who: &Who,
    note: Option<(bool, String)>,
) -> Response {
    let v = &who.viewer;
    let loaded = async {
        let users = archive.users(v).await?;
        let rules = archive.access_rules(v).await?;
        let tokens = archive.tokens(v).await?;
        let last = archive.audit_tail(v, AUDIT_SHOWN).await?;
        let jobs = archive.jobs(v, 20).await?;
        Ok::<_, ArchiveError>((users, rules, tokens, last, jobs))
    };
    let (users, rules, tokens, log, jobs) = match loaded.await {
        Ok(x) => x,
        Err(e) => return internal(e),
    };
    let csrf = who.csrf();
    let main = html! {
        h1 { "Administration" }
        @if let Some((ok, message)) = &note {
            p class=(if *ok { "done" } else { "error" }) role="status" { (message) }
        }
        section #users {
            h2 { "Users" }
            table.listing {
                thead { tr { th { "Name" } th { "Role" } th { "Since" } th { "" } } }
                tbody {
                    @for u in &users {
                        tr {
                            td { (u.name) } td { (u.role) } td { (u.created_at) }
                            td { @if u.disabled { "disabled" } }
                        }
                    }
                }
            }
            h3 { "Add a user" }
            form.admin method="post" action="/admin/users" {
                input type="hidden" name="csrf" value=(csrf);
                label for="new-name" { "Name" } input #new-name name="name" type="text" required;
                label for="new-role" { "Role" }
                select #new-role name="role" {
                    @for r in Role::ALL { option value=(r.as_str()) { (r.as_str()) } }
                }
                label for="new-password" { "Password" }
                input #new-password name="password" type="password" autocomplete="new-password" required
                    minlength=(accounts::PASSWORD_CHARS.0);
                button type="submit" { "Add" }
            }
        }
        section #access {
            h2 { "Who may read what" }
            p { "A document's own rule comes before its collection's. Admins read everything." }
            table.listing {
                thead { tr { th { "Of" } th { "Name" } th { "State" } th { "Until" } th { "Roles" } th { "Users" } th { "Reason" } th { "Set" } } }
                tbody {
                    @for r in &rules {
                        tr {
                            td { (r.scope) } td { (r.name) } td { (r.state) }
                            td { (r.until.as_deref().unwrap_or("")) }
                            td { (r.roles.join(", ")) } td { (r.users.join(", ")) }
                            td { (r.reason) } td { (r.set_at) " by " (r.set_by) }
                        }
                    }
                }
            }
            h3 { "Set a rule" }
            form.admin method="post" action="/admin/access" {
                input type="hidden" name="csrf" value=(csrf);
                label for="rule-scope" { "Of" }
                select #rule-scope name="scope" {
                    option value="document" { "a document (its id)" }
                    option value="collection" { "a collection (its name)" }
                }
                label for="rule-name" { "Id or name" } input #rule-name name="name" type="text" required;
                label for="rule-state" { "State" }
                select #rule-state name="state" {
                    option value="public" { "public" }
                    option value="restricted" { "restricted" }
                    option value="embargoed" { "embargoed" }
                }
                label for="rule-until" { "Embargoed until" } input #rule-until name="until" type="date";
                label for="rule-roles" { "Roles that may read it" } input #rule-roles name="roles" type="text" placeholder="editor";
                label for="rule-users" { "Users that may read it" } input #rule-users name="users" type="text" placeholder="ann, bo";
                label for="rule-reason" { "Reason" } input #rule-reason name="reason" type="text";
                button type="submit" { "Set" }
            }
        }
        section #tokens {
            h2 { "API tokens" }
            p { "Made with " code { "fonds user token NAME" } "; only a hash of each is kept." }
            ul { @for t in &tokens { li { code { (t.id) } " " (t.user_name) " " (t.label) " (" (t.created_at) ")" } } }
        }
        section #jobs {
            h2 { "Jobs" }
            p { "Work queued for the workers (" code { "fonds jobs import PATH" } ", run by " code { "fonds worker" } "): the latest " (jobs.len()) "." }
            table.listing {
                thead { tr { th { "#" } th { "Kind" } th { "State" } th { "Attempts" } th { "Worker" } th { "Progress" } th { "Error" } th { "Changed" } } }
                tbody {
                    @for j in &jobs {
                        tr {
                            td { (j.id) } td { (j.kind) } td { (j.state) }
                            td { (j.attempts) " of " (j.max_attempts) }
                            td { (j.worker.as_deref().unwrap_or("")) } td { (j.progress) }
                            td { (j.error.as_deref().unwrap_or("")) } td { (j.updated_at) }
                        }
                    }
                }
            }
        }
        section #audit {
            h2 { "Audit log" }
            p { "The latest " (log.len()) " entries. The whole log: "
                a href="/admin/audit.csv" { "CSV" } ", " a href="/admin/audit.json" { "JSON" } "." }
            table.listing {
                thead { tr { th { "#" } th { "When" } th { "Who" } th { "Did" } th { "To" } th { "What" } } }
                tbody {
                    @for e in &log {
                        tr { td { (e.seq) } td { (e.at) } td { (e.actor) } td { (e.action) } td { (e.target) } td { (e.detail) } }
                    }
                }
            }
        }
        (logout_form(who))
    };
    page(StatusCode::OK, layout("Administration", html! {}, "", main))
}

pub async fn admin(State(archive): State<AppState>, who: Who) -> Response {
    if let Some(r) = not_admin(&who, "/admin") {
        return r;
    }
    admin_page(&archive, &who, None).await
}

/// What an admin's form asked, done: the admin page again with what
/// happened.
async fn answer(
    archive: &fonds_archive::Archive,
    who: &Who,
    done: Result<String, ArchiveError>,
) -> Response {
    match done {
        Ok(message) => admin_page(archive, who, Some((true, message))).await,
        Err(ArchiveError::Invalid(m) | ArchiveError::Forbidden(m)) => {
            admin_page(archive, who, Some((false, m))).await
        }
        Err(ArchiveError::Store(fonds_archive::StoreError::Conflict(m))) => {
            admin_page(archive, who, Some((false, m))).await
        }
        Err(e) => internal(e),
    }
}

pub async fn add_user(State(archive): State<AppState>, who: Who, body: String) -> Response {
    let pairs = match checked(&who, &body, not_admin(&who, "/admin")) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let name = field(&pairs, "name").trim().to_string();
    let done = match Role::parse(field(&pairs, "role")) {
        None => Err(ArchiveError::Invalid("choose a role".into())),
        Some(role) => archive
            .add_user(&who.viewer, &name, role, field(&pairs, "password"))
            .await
            .map(|()| format!("Added {name} ({}).", role.as_str())),
    };
    answer(&archive, &who, done).await
}

/// A comma-separated list's items.
fn items(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
        .collect()
}

pub async fn set_access(State(archive): State<AppState>, who: Who, body: String) -> Response {
    let pairs = match checked(&who, &body, not_admin(&who, "/admin")) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let name = field(&pairs, "name").trim().to_string();
    let scope = if field(&pairs, "scope") == "collection" {
        Scope::Collection
    } else {
        Scope::Document
    };
    let roles: Result<Vec<Role>, ArchiveError> = items(field(&pairs, "roles"))
        .iter()
        .map(|r| {
            Role::parse(r).ok_or_else(|| {
                ArchiveError::Invalid(format!("{r:?} is not a role (reader, editor, admin)"))
            })
        })
        .collect();
    let done = match (Access::parse(field(&pairs, "state")), roles) {
        (None, _) => Err(ArchiveError::Invalid("choose a state".into())),
        (_, Err(e)) => Err(e),
        (Some(state), Ok(roles)) => {
            let until = Some(field(&pairs, "until").trim())
                .filter(|u| !u.is_empty() && state == Access::Embargoed)
                .map(String::from);
            let rule = Rule {
                state,
                until,
                roles,
                users: items(field(&pairs, "users")),
                reason: field(&pairs, "reason").trim().to_string(),
            };
            archive
                .set_access(&who.viewer, scope, &name, &rule)
                .await
                .map(|r| format!("The {} {} is {}.", r.scope, r.name, r.state))
        }
    };
    answer(&archive, &who, done).await
}

/// The whole audit log as CSV or JSON (an array), for an admin.
pub async fn audit_file(
    State(archive): State<AppState>,
    who: Who,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    if let Some(r) = not_admin(&who, "/admin") {
        return r;
    }
    let csv = match file.as_str() {
        "audit.csv" => true,
        "audit.json" => false,
        _ => return not_found_page("There is no such file."),
    };
    let mut entries = Vec::new();
    let mut after = 0;
    loop {
        let batch = match archive.audit_log(&who.viewer, after, 1000).await {
            Ok(b) => b,
            Err(e) => return internal(e),
        };
        let Some(last) = batch.last() else { break };
        after = last.seq;
        entries.extend(batch);
    }
    let (media_type, body) = if csv {
        let mut out = String::from("seq,at,actor,action,target,detail\r\n");
        for e in &entries {
            let cells = [
                e.seq.to_string(),
                e.at.clone(),
                e.actor.clone(),
                e.action.clone(),
                e.target.clone(),
                e.detail.clone(),
            ];
            let row: Vec<String> = cells.iter().map(|c| super::download::csv_cell(c)).collect();
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
        ("text/csv; charset=utf-8", out)
    } else {
        let all: Vec<serde_json::Value> = entries.iter().map(crate::wire::audit_entry).collect();
        (
            "application/json",
            serde_json::Value::Array(all).to_string(),
        )
    };
    (
        [
            (header::CONTENT_TYPE, media_type),
            (
                header::CONTENT_DISPOSITION,
                if csv {
                    "attachment; filename=\"audit.csv\""
                } else {
                    "attachment; filename=\"audit.json\""
                },
            ),
        ],
        body,
    )
        .into_response()
}
