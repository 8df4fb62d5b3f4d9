//! Logging in and out through the reader's forms: the log-in form's token,
//! the session's cookie and its CSRF token on every form, failed log-ins
//! limited, the admin pages for admins only, and no secret in the audit
//! log or its exports.

mod common;

use common::{form, send, Answer};
use fonds_archive::{Archive, Role, Viewer};
use fonds_server::Router;
use std::sync::Arc;

const PASSWORD: &str = "correct horse battery staple";

/// Logs in through the form; the session's cookie (`fonds_session=...`).
async fn log_in(app: &Router, name: &str, password: &str) -> Result<String, Answer> {
    let page = send(app, "GET", "/login?next=/account", &[], "").await;
    assert_eq!(page.status, 200);
    let token = page.field("csrf");
    let login_cookie = page.cookie("fonds_login").unwrap();
    let cookie = login_cookie.split(';').next().unwrap().to_string();
    let a = send(
        app,
        "POST",
        "/login",
        &[("cookie", &cookie)],
        &form(&[
            ("csrf", &token),
            ("next", "/account"),
            ("name", name),
            ("password", password),
        ]),
    )
    .await;
    if a.status != 303 {
        return Err(a);
    }
    assert_eq!(a.header("location"), Some("/account"));
    let session = a.cookie("fonds_session").unwrap();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(session.contains(attribute), "{session}");
    }
    Ok(session.split(';').next().unwrap().to_string())
}

async fn start() -> (Router, Arc<Archive>) {
    let archive = Archive::in_memory().await.unwrap();
    let owner = Viewer::owner();
    archive
        .add_user(&owner, "ada", Role::Admin, PASSWORD)
        .await
        .unwrap();
    archive
        .add_user(&owner, "rita", Role::Reader, PASSWORD)
        .await
        .unwrap();
    let archive = Arc::new(archive);
    (fonds_server::router(archive.clone()), archive)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_use_the_session_and_log_out() {
    let (app, archive) = start().await;
    let cookie = log_in(&app, "rita", PASSWORD)
        .await
        .map_err(|a| a.body)
        .unwrap();
    let account = send(&app, "GET", "/account", &[("cookie", &cookie)], "").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("rita"));
    // Answers to a logged-in reader are kept by no shared cache.
    assert_eq!(account.header("cache-control"), Some("private, no-store"));
    assert!(account.header("vary").unwrap().contains("cookie"));
    // A log-out without the session's token is refused, and changes nothing.
    let out = send(
        &app,
        "POST",
        "/logout",
        &[("cookie", &cookie)],
        "csrf=forged",
    )
    .await;
    assert_eq!(out.status, 403);
    assert_eq!(
        send(&app, "GET", "/account", &[("cookie", &cookie)], "")
            .await
            .status,
        200
    );
    let token = account.field("csrf");
    let out = send(
        &app,
        "POST",
        "/logout",
        &[("cookie", &cookie)],
        &form(&[("csrf", &token)]),
    )
    .await;
    assert_eq!(out.status, 303);
    assert!(out.cookie("fonds_session").unwrap().contains("Max-Age=0"));
    // The session is over, whoever still holds its cookie.
    let after = send(&app, "GET", "/account", &[("cookie", &cookie)], "").await;
    assert_eq!(after.status, 303);
    assert_eq!(after.header("location"), Some("/login?next=/account"));
    // Behind a TLS proxy the cookie is Secure.
    let page = send(&app, "GET", "/login", &[("x-forwarded-proto", "https")], "").await;
    assert!(page.cookie("fonds_login").unwrap().contains("Secure"));
    drop(archive);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_in_form_needs_its_own_token() {
    let (app, _) = start().await;
    let page = send(&app, "GET", "/login", &[], "").await;
    let token = page.field("csrf");
    // The field without the cookie (a form posted from another site).
    let a = send(
        &app,
        "POST",
        "/login",
        &[],
        &form(&[("csrf", &token), ("name", "rita"), ("password", PASSWORD)]),
    )
    .await;
    assert_eq!(a.status, 403);
    assert!(a.cookie("fonds_session").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_log_ins_are_limited() {
    let (app, archive) = start().await;
    for _ in 0..fonds_server::auth::PER_NAME {
        let a = log_in(&app, "rita", "not the password at all")
            .await
            .unwrap_err();
        assert_eq!(a.status, 401);
        assert!(a.body.contains("not right"));
    }
    // Over the limit, even the right password is not tried.
    let a = log_in(&app, "rita", PASSWORD).await.unwrap_err();
    assert_eq!(a.status, 429);
    let wait: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60, "{wait}");
    // Another user is not held back by rita's attempts.
    assert!(log_in(&app, "ada", PASSWORD).await.is_ok());
    // The refusals are in the audit log, and no password is.
    let log = archive.audit_log(&Viewer::owner(), 0, 1000).await.unwrap();
    let refused = log.iter().filter(|e| e.action == "log-in-refused").count();
    assert_eq!(refused, fonds_server::auth::PER_NAME);
    let all = format!("{log:?}");
    assert!(!all.contains(PASSWORD) && !all.contains("not the password"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_pages_are_for_admins() {
    let (app, archive) = start().await;
    let reader = log_in(&app, "rita", PASSWORD)
        .await
        .map_err(|a| a.body)
        .unwrap();
    assert_eq!(
        send(&app, "GET", "/admin", &[("cookie", &reader)], "")
            .await
            .status,
        403
    );
    assert_eq!(send(&app, "GET", "/admin", &[], "").await.status, 303);
    let admin = log_in(&app, "ada", PASSWORD)
        .await
        .map_err(|a| a.body)
        .unwrap();
    // The jobs queued for the workers are listed, with their state.
    let job = archive
        .queue(
            &Viewer::owner(),
            &fonds_archive::jobs::Job::Verify { share: Some(5.0) },
        )
        .await
        .unwrap();
    let page = send(&app, "GET", "/admin", &[("cookie", &admin)], "").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains(&format!("<td>{job}</td><td>verify</td><td>queued</td>")),
        "{}",
        page.body
    );
    // The audit log's newest entry (the job queued) comes first.
    let newest = archive.audit_tail(&Viewer::owner(), 1).await.unwrap();
    assert_eq!(newest[0].action, "queue verify");
    let audit = &page.body[page.body.find("id=\"audit\"").unwrap()..];
    let first_row = &audit[audit.find("<tbody>").unwrap()..];
    assert!(
        first_row[..first_row.find("</tr>").unwrap()].contains("queue verify"),
        "{audit}"
    );
    let token = page.field("csrf");
    // Without the session's token, nothing is added.
    let forged = form(&[
        ("csrf", "0"),
        ("name", "eve"),
        ("role", "admin"),
        ("password", PASSWORD),
    ]);
    let a = send(&app, "POST", "/admin/users", &[("cookie", &admin)], &forged).await;
    assert_eq!(a.status, 403);
    let added = form(&[
        ("csrf", &token),
        ("name", "bo"),
        ("role", "editor"),
        ("password", "bo's own long password"),
    ]);
    let a = send(&app, "POST", "/admin/users", &[("cookie", &admin)], &added).await;
    assert_eq!(a.status, 200);
    assert!(a.body.contains("Added bo (editor)"), "{}", a.body);
    let users = archive.users(&Viewer::owner()).await.unwrap();
    assert!(users.iter().any(|u| u.name == "bo" && u.role == "editor"));
    assert!(!users.iter().any(|u| u.name == "eve"));
    // A reader cannot add anyone, token or not.
    let reader_page = send(&app, "GET", "/account", &[("cookie", &reader)], "").await;
    let reader_token = reader_page.field("csrf");
    let a = send(
        &app,
        "POST",
        "/admin/users",
        &[("cookie", &reader)],
        &form(&[
            ("csrf", &reader_token),
            ("name", "mal"),
            ("role", "admin"),
            ("password", PASSWORD),
        ]),
    )
    .await;
    assert_eq!(a.status, 403);
    // The audit log as CSV and JSON: every change, no secret.
    for file in ["/admin/audit.csv", "/admin/audit.json"] {
        let a = send(&app, "GET", file, &[("cookie", &admin)], "").await;
        assert_eq!(a.status, 200);
        assert!(
            a.body.contains("user-add") && a.body.contains("log-in"),
            "{}",
            a.body
        );
        for secret in [PASSWORD, "bo's own long password", &admin[15..], &token] {
            assert!(!a.body.contains(secret), "{file} holds a secret");
        }
    }
}
