//! Editors correct documents through the reader's forms and the API: every
//! save a new version with its author and comment, found by search at
//! once; the second of two editors saving the same page is refused (409)
//! and shown what the first changed; the history shows the difference
//! between any two versions, and a revert brings one back.

mod common;

use common::{encoded, form, send, Answer};
use fonds_archive::{Archive, Role, Viewer};
use fonds_server::Router;
use std::path::Path;
use std::sync::Arc;

/// The Russian conversation among the fixtures.
const DOC: &str = "digitalarchive-umd-edu-document-990101";
const PASSWORD: &str = "a password long enough";

struct Setup {
    app: Router,
    archive: Arc<Archive>,
    ed: String,
    bo: String,
    rita: String,
    ed_token: String,
    rita_token: String,
}

async fn setup() -> Setup {
    let archive = Archive::in_memory().await.unwrap();
    let records = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records");
    archive.import(&[records], |_| {}).await.unwrap();
    let owner = Viewer::owner();
    let mut cookies = Vec::new();
    for (name, role) in [
        ("ed", Role::Editor),
        ("bo", Role::Editor),
        ("rita", Role::Reader),
    ] {
        archive
            .add_user(&owner, name, role, PASSWORD)
            .await
            .unwrap();
        let s = archive.log_in(name, PASSWORD).await.unwrap().unwrap();
        cookies.push(format!("fonds_session={}", s.secret));
    }
    let ed_token = archive.new_token(&owner, "ed", "t").await.unwrap();
    let rita_token = archive.new_token(&owner, "rita", "t").await.unwrap();
    let archive = Arc::new(archive);
    let mut c = cookies.into_iter();
    Setup {
        app: fonds_server::router(archive.clone()),
        archive,
        ed: c.next().unwrap(),
        bo: c.next().unwrap(),
        rita: c.next().unwrap(),
        ed_token,
        rita_token,
    }
}

async fn found(app: &Router, word: &str) -> u64 {
    let a = send(
        app,
        "GET",
        &format!("/api/search?q={}", encoded(word)),
        &[],
        "",
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    v["total"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_editors_one_page_and_the_history() {
    let s = setup().await;
    let app = &s.app;
    let edit = format!("/doc/{DOC}/edit?text=0&page=1");
    // Readers and strangers do not edit.
    assert_eq!(send(app, "GET", &edit, &[], "").await.status, 303);
    assert_eq!(
        send(app, "GET", &edit, &[("cookie", &s.rita)], "")
            .await
            .status,
        403
    );
    // Both editors open the page on version 1.
    let ed_form = send(app, "GET", &edit, &[("cookie", &s.ed)], "").await;
    assert_eq!(ed_form.status, 200, "{}", ed_form.body);
    let bo_form = send(app, "GET", &edit, &[("cookie", &s.bo)], "").await;
    let text = ed_form.field("body");
    assert!(text.contains("Тов. Червоненко: По поручению"), "{text}");
    assert_eq!(ed_form.field("on"), "1");
    let corrected = text.replace("памятную записку", "памятную телеграмму");
    assert_ne!(corrected, text);
    let fields = |who: &Answer, body: &str, action: &str| {
        form(&[
            ("csrf", &who.field("csrf")),
            ("on", &who.field("on")),
            ("text", "0"),
            ("page", "1"),
            ("body", body),
            ("comment", "the memorandum was a telegram"),
            ("action", action),
        ])
    };
    // A preview shows the page as read and what changes, and saves nothing.
    let preview = send(
        app,
        "POST",
        &format!("/doc/{DOC}/edit"),
        &[("cookie", &s.ed)],
        &fields(&ed_form, &corrected, "preview"),
    )
    .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("<ins>") && preview.body.contains("телеграмму"));
    assert_eq!(found(app, "телеграмму").await, 0);
    // Without the session's token nothing is saved.
    let forged = fields(&ed_form, &corrected, "save").replace(&ed_form.field("csrf"), "0");
    let a = send(
        app,
        "POST",
        &format!("/doc/{DOC}/edit"),
        &[("cookie", &s.ed)],
        &forged,
    )
    .await;
    assert_eq!(a.status, 403);
    // Ed saves: version 2, by ed, found at once.
    let saved = send(
        app,
        "POST",
        &format!("/doc/{DOC}/edit"),
        &[("cookie", &s.ed)],
        &fields(&ed_form, &corrected, "save"),
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.header("location"),
        Some(format!("/doc/{DOC}/history#v2").as_str())
    );
    assert_eq!(found(app, "телеграмму").await, 1);
    let versions = s.archive.versions(&Viewer::owner(), DOC).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].author.as_deref(), Some("ed"));
    assert_eq!(
        versions[1].comment.as_deref(),
        Some("the memorandum was a telegram")
    );
    // Bo saves the same page, made on version 1: refused, shown ed's change,
    // his own text kept, the form now on version 2.
    let bo_text = bo_form.field("body").replace("Благодарю.", "Спасибо.");
    let clash = send(
        app,
        "POST",
        &format!("/doc/{DOC}/edit"),
        &[("cookie", &s.bo)],
        &fields(&bo_form, &bo_text, "save"),
    )
    .await;
    assert_eq!(clash.status, 409, "{}", clash.body);
    assert!(clash.body.contains("Someone saved this document meanwhile"));
    assert!(clash.body.contains("<del>") && clash.body.contains("записку"));
    assert!(clash.body.contains("<ins>") && clash.body.contains("телеграмму"));
    assert!(clash.field("body").contains("Спасибо."));
    assert_eq!(clash.field("on"), "2");
    assert_eq!(
        s.archive
            .versions(&Viewer::owner(), DOC)
            .await
            .unwrap()
            .len(),
        2
    );
    // The history names both versions; the difference is word by word.
    let history = send(app, "GET", &format!("/doc/{DOC}/history"), &[], "").await;
    assert_eq!(history.status, 200);
    assert!(
        history.body.contains("the memorandum was a telegram") && history.body.contains(">ed<")
    );
    assert!(
        !history.body.contains("Revert to this"),
        "only editors revert"
    );
    let diff = send(app, "GET", &format!("/doc/{DOC}/diff?a=1&b=2"), &[], "").await;
    assert_eq!(diff.status, 200);
    assert!(
        diff.body.contains("записку</del>") || diff.body.contains("записку<span"),
        "{}",
        diff.body
    );
    // Ed reverts to version 1: version 3, the old word found again.
    let history = send(
        app,
        "GET",
        &format!("/doc/{DOC}/history"),
        &[("cookie", &s.ed)],
        "",
    )
    .await;
    assert!(history.body.contains("Revert to this"));
    let revert = form(&[("csrf", &ed_form.field("csrf")), ("on", "2"), ("to", "1")]);
    let a = send(
        app,
        "POST",
        &format!("/doc/{DOC}/revert"),
        &[("cookie", &s.ed)],
        &revert,
    )
    .await;
    assert_eq!(a.status, 303, "{}", a.body);
    assert_eq!(found(app, "телеграмму").await, 0);
    assert!(found(app, "записку").await >= 1);
    let versions = s.archive.versions(&Viewer::owner(), DOC).await.unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[2].comment.as_deref(), Some("back to version 1"));
    // Every save is in the audit log.
    let log = s
        .archive
        .audit_log(&Viewer::owner(), 0, 1000)
        .await
        .unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == "ed" && e.action.starts_with("edit-page") && e.target == DOC));
    assert!(log
        .iter()
        .any(|e| e.actor == "ed" && e.action == "revert to 1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_saves_a_page_only_on_the_version_read() {
    let s = setup().await;
    let app = &s.app;
    let doc = send(app, "GET", &format!("/api/documents/{DOC}"), &[], "").await;
    let etag = doc.header("etag").unwrap().to_string();
    let path = format!("/api/documents/{DOC}/texts/0/pages/1");
    let page: serde_json::Value =
        serde_json::from_str(&send(app, "GET", &path, &[], "").await.body).unwrap();
    assert!(page.is_object());
    let (_, text) = s
        .archive
        .page_for_editing(
            &Viewer::owner(),
            DOC,
            fonds_archive::edit::PageAt { text: 0, page: 0 },
        )
        .await
        .unwrap();
    let body = serde_json::json!({"text": text.replace("памятную записку", "памятную ноту"), "comment": "a note"}).to_string();
    let ed = format!("Bearer {}", s.ed_token);
    let rita = format!("Bearer {}", s.rita_token);
    let json = ("content-type", "application/json");
    // Without If-Match: 428; a reader: 403; no token: 401.
    let a = send(app, "PUT", &path, &[("authorization", &ed), json], &body).await;
    assert_eq!(a.status, 428, "{}", a.body);
    let a = send(
        app,
        "PUT",
        &path,
        &[("authorization", &rita), ("if-match", &etag), json],
        &body,
    )
    .await;
    assert_eq!(a.status, 403, "{}", a.body);
    let a = send(app, "PUT", &path, &[("if-match", &etag), json], &body).await;
    assert_eq!(a.status, 401);
    // Saved on the version read.
    let a = send(
        app,
        "PUT",
        &path,
        &[("authorization", &ed), ("if-match", &etag), json],
        &body,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["version"], 2);
    let new_etag = a.header("etag").unwrap().to_string();
    assert_ne!(new_etag, etag);
    assert_eq!(found(app, "ноту").await, 1);
    // Again on the old ETag: 409, with the current one.
    let a = send(
        app,
        "PUT",
        &path,
        &[("authorization", &ed), ("if-match", &etag), json],
        &body,
    )
    .await;
    assert_eq!(a.status, 409, "{}", a.body);
    assert!(a.body.contains("edit_conflict"));
    assert_eq!(a.header("etag"), Some(new_etag.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_decides_who_a_person_is_on_their_page() {
    let s = setup().await;
    let app = &s.app;
    let person = s
        .archive
        .person(&Viewer::owner(), "Червоненко", 0, 0)
        .await
        .unwrap()
        .expect("Chervonenko is a person");
    let page = format!("/person/{}", encoded(&person.person.id));
    // Readers see no forms; an editor does, with the session's token.
    let read = send(app, "GET", &page, &[("cookie", &s.rita)], "").await;
    assert!(!read.body.contains("Decide who this is"));
    let shown = send(app, "GET", &page, &[("cookie", &s.ed)], "").await;
    assert!(shown.body.contains("Decide who this is"), "{}", shown.body);
    let csrf = shown.field("csrf");
    let decide = format!("{page}/decide");
    let name = |token: &str| {
        form(&[
            ("csrf", token),
            ("decision", "name"),
            ("name", "Stepan Chervonenko"),
        ])
    };
    assert_eq!(
        send(app, "POST", &decide, &[("cookie", &s.rita)], &name(&csrf))
            .await
            .status,
        403
    );
    assert_eq!(
        send(app, "POST", &decide, &[("cookie", &s.ed)], &name("0"))
            .await
            .status,
        403
    );
    let done = send(app, "POST", &decide, &[("cookie", &s.ed)], &name(&csrf)).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let moved = done.header("location").unwrap().to_string();
    let after = send(app, "GET", &moved, &[], "").await;
    assert_eq!(after.status, 200);
    assert!(after.body.contains("Stepan Chervonenko"));
    // A person cannot be merged into itself; the refusal says why.
    let merge = form(&[
        ("csrf", &csrf),
        ("decision", "merge"),
        ("other", "Stepan Chervonenko"),
    ]);
    let a = send(
        app,
        "POST",
        &format!("{moved}/decide"),
        &[("cookie", &s.ed)],
        &merge,
    )
    .await;
    assert_eq!(a.status, 400);
    assert!(a.body.contains("itself"), "{}", a.body);
    let log = s
        .archive
        .audit_log(&Viewer::owner(), 0, 1000)
        .await
        .unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor == "ed" && e.action == "person-decision"));
}

/// A long page (some 55,000 Cyrillic letters, 340 KB as a form) is taken,
/// not refused by the limit on ordinary bodies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_page_is_saved() {
    let s = setup().await;
    let app = &s.app;
    let edit = format!("/doc/{DOC}/edit?text=0&page=1");
    let shown = send(app, "GET", &edit, &[("cookie", &s.ed)], "").await;
    let long = format!(
        "{}\n\n{}",
        shown.field("body"),
        "длинный абзац ".repeat(4_300)
    );
    let body = form(&[
        ("csrf", &shown.field("csrf")),
        ("on", "1"),
        ("text", "0"),
        ("page", "1"),
        ("body", &long),
        ("comment", "a long page"),
        ("action", "save"),
    ]);
    assert!(body.len() > 300_000, "{}", body.len());
    let a = send(
        app,
        "POST",
        &format!("/doc/{DOC}/edit"),
        &[("cookie", &s.ed)],
        &body,
    )
    .await;
    assert_eq!(a.status, 303, "{}", &a.body[..a.body.len().min(500)]);
    assert_eq!(found(app, "длинный").await, 1);
}

/// The pairs of the document's first alignment, as the API gives them.
async fn linked(app: &Router) -> (serde_json::Value, Vec<(i64, i64, String)>) {
    let a = send(
        app,
        "GET",
        &format!("/api/documents/{DOC}/alignment"),
        &[],
        "",
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    let pairs = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| {
            Some((
                l["original"].as_i64()?,
                l["translation"].as_i64()?,
                l["why"].as_str().unwrap_or("").to_string(),
            ))
        })
        .collect();
    (v, pairs)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_links_and_unlinks_turns_and_a_corrected_page_keeps_them() {
    let s = setup().await;
    let app = &s.app;
    let align = format!("/doc/{DOC}/align");
    assert_eq!(send(app, "GET", &align, &[], "").await.status, 303);
    let a = send(app, "GET", &align, &[("cookie", &s.rita)], "").await;
    assert_eq!(a.status, 403);
    let doc_page = send(app, "GET", &format!("/doc/{DOC}"), &[("cookie", &s.ed)], "").await;
    assert!(doc_page
        .body
        .contains(&format!("/doc/{DOC}/align?translation=")));

    let (v, before) = linked(app).await;
    let ti = v["translation_text"].as_i64().unwrap();
    // A pair fonds linked with its own evidence, not the first.
    let &(o, t, _) = before.iter().find(|(o, t, _)| *o >= 2 && *t >= 2).unwrap();
    let page = send(app, "GET", &align, &[("cookie", &s.ed)], "").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Link two turns"), "{}", page.body);
    assert!(page.body.contains(&format!("id=\"o{o}\"")));

    // Unlinked through the page's form.
    let decide = |on: &str, o: i64, t: i64, choice: &str, comment: &str| {
        form(&[
            ("csrf", &page.field("csrf")),
            ("on", on),
            ("translation", &ti.to_string()),
            ("original", &o.to_string()),
            ("turn", &t.to_string()),
            ("choice", choice),
            ("comment", comment),
        ])
    };
    let a = send(
        app,
        "POST",
        &align,
        &[("cookie", &s.ed)],
        &decide("1", o, t, "unlink", "not the same turn"),
    )
    .await;
    assert_eq!(a.status, 303, "{}", a.body);
    assert_eq!(
        a.header("location"),
        Some(format!("{align}?translation={ti}#o{o}").as_str())
    );
    let (v, after) = linked(app).await;
    assert!(!after.iter().any(|p| (p.0, p.1) == (o, t)), "{after:?}");
    assert_eq!(v["decisions"][0]["linked"], false);
    assert_eq!(v["decisions"][0]["found"]["original_turn"], o);
    // The same form again, on the old version: 409.
    let a = send(
        app,
        "POST",
        &align,
        &[("cookie", &s.ed)],
        &decide("1", o, t, "link", ""),
    )
    .await;
    assert_eq!(a.status, 409, "{}", a.body);

    // Linked through the API, on the version read.
    let api = format!("/api/documents/{DOC}/alignment");
    let etag = send(app, "GET", &format!("/api/documents/{DOC}"), &[], "")
        .await
        .header("etag")
        .unwrap()
        .to_string();
    let body = |o: i64, t: i64, choice: &str| {
        serde_json::json!({"translation": ti, "original_turn": o, "translation_turn": t, "choice": choice, "comment": "the turn goes on"}).to_string()
    };
    let ed = format!("Bearer {}", s.ed_token);
    let rita = format!("Bearer {}", s.rita_token);
    let json = ("content-type", "application/json");
    let a = send(
        app,
        "POST",
        &api,
        &[("authorization", &ed), json],
        &body(o, t + 1, "link"),
    )
    .await;
    assert_eq!(a.status, 428, "{}", a.body);
    let a = send(
        app,
        "POST",
        &api,
        &[("authorization", &rita), ("if-match", &etag), json],
        &body(o, t + 1, "link"),
    )
    .await;
    assert_eq!(a.status, 403, "{}", a.body);
    let a = send(
        app,
        "POST",
        &api,
        &[("authorization", &ed), ("if-match", &etag), json],
        &body(o, t + 1, "link"),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let etag = a.header("etag").unwrap().to_string();
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    let l = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["original"] == o && l["translation"] == t + 1)
        .expect("the editor's link");
    assert_eq!(l["confidence"], 1.0);
    assert!(l["why"].as_str().unwrap().starts_with("editor"), "{l}");
    // A link that crosses it is refused, saying why.
    let a = send(
        app,
        "POST",
        &api,
        &[("authorization", &ed), ("if-match", &etag), json],
        &body(o + 1, t, "link"),
    )
    .await;
    assert_eq!(a.status, 400, "{}", a.body);
    assert!(a.body.contains("cannot be linked"), "{}", a.body);

    // A turn added at the top of the original's first page: the decisions
    // follow their turns.
    let edit = send(
        app,
        "GET",
        &format!("/doc/{DOC}/edit?text=0&page=1"),
        &[("cookie", &s.ed)],
        "",
    )
    .await;
    let on = edit.field("on");
    assert_eq!(on, "3");
    let text = format!(
        "Тов. Червоненко: Добрый день, товарищи.\n\n{}",
        edit.field("body")
    );
    let a = send(
        app,
        "POST",
        &format!("/doc/{DOC}/edit"),
        &[("cookie", &s.ed)],
        &form(&[
            ("csrf", &edit.field("csrf")),
            ("on", &on),
            ("text", "0"),
            ("page", "1"),
            ("body", &text),
            ("comment", "a greeting the OCR lost"),
            ("action", "save"),
        ]),
    )
    .await;
    assert_eq!(a.status, 303, "{}", a.body);
    let (v, now) = linked(app).await;
    assert!(
        now.iter()
            .any(|p| (p.0, p.1) == (o + 1, t + 1) && p.2.starts_with("editor")),
        "{now:?}"
    );
    assert!(!now.iter().any(|p| (p.0, p.1) == (o + 1, t)), "{now:?}");
    assert_eq!(v["decisions"].as_array().unwrap().len(), 2);

    // Forgotten through the page: fonds decides the pair again.
    let page = send(app, "GET", &align, &[("cookie", &s.ed)], "").await;
    assert!(
        page.body.contains("Kept apart by an editor"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Linked by an editor"));
    let a = send(
        app,
        "POST",
        &align,
        &[("cookie", &s.ed)],
        &form(&[
            ("csrf", &page.field("csrf")),
            ("on", "4"),
            ("translation", &ti.to_string()),
            ("original", &(o + 1).to_string()),
            ("turn", &t.to_string()),
            ("choice", "forget"),
        ]),
    )
    .await;
    assert_eq!(a.status, 303, "{}", a.body);
    let (v, _) = linked(app).await;
    assert_eq!(v["decisions"].as_array().unwrap().len(), 1);

    // Each decision is a version with its author and comment.
    let history = send(
        app,
        "GET",
        &format!("/api/documents/{DOC}/versions"),
        &[],
        "",
    )
    .await;
    assert!(
        history.body.contains("not the same turn"),
        "{}",
        history.body
    );
    assert!(history.body.contains("the turn goes on"));
    let audit = s.archive.audit_log(&Viewer::owner(), 0, 100).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.actor == "ed" && e.action.starts_with("unlink-turns")),
        "{audit:?}"
    );
}
