//! The HTTP API, its handlers called through the router in-process on an
//! archive in memory (the connection's handling, which the port would add,
//! is `limits.rs`'s): answers, errors from the one table, and the OpenAPI
//! description kept true (every path it lists answers, and an independent
//! validator accepts it when one is installed).

use axum::body::Body;
use fonds_archive::{Archive, Role, Viewer};
use fonds_server::Router;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;

const SEED_ID: &str = "digitalarchive-umd-edu-document-121800";

struct Response {
    status: u16,
    /// The header block, a `name: value` line each.
    headers: String,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// One request with these headers, answered by the router.
async fn request_with(
    app: &Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut req = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost");
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let answer = app
        .clone()
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let headers = answer
        .headers()
        .iter()
        .map(|(name, value)| format!("{name}: {}\r\n", value.to_str().unwrap_or("")))
        .collect();
    let body = axum::body::to_bytes(answer.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Response {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, path: &str) -> Response {
    request_with(app, "GET", path, &[], "").await
}

/// A JSON body posted with the editor's token, if any.
async fn post(app: &Router, path: &str, token: Option<&str>, body: &str) -> Response {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a.as_str()));
    }
    request_with(app, "POST", path, &headers, body).await
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The router over an archive in memory of the fixtures and the seed.
async fn start() -> Router {
    let archive = Archive::in_memory().await.unwrap();
    archive
        .import(
            &[
                root().join("fixtures/records"),
                root().join("../shared/seed"),
            ],
            |_| {},
        )
        .await
        .unwrap();
    fonds_server::router(Arc::new(archive))
}

/// As [`start`], with an editor's and a reader's API tokens.
async fn start_with_accounts() -> (Router, String, String) {
    let archive = Archive::in_memory().await.unwrap();
    archive
        .import(
            &[
                root().join("fixtures/records"),
                root().join("../shared/seed"),
            ],
            |_| {},
        )
        .await
        .unwrap();
    let owner = Viewer::owner();
    let mut tokens = Vec::new();
    for (name, role) in [("ed", Role::Editor), ("rita", Role::Reader)] {
        archive
            .add_user(&owner, name, role, "a password long enough")
            .await
            .unwrap();
        tokens.push(archive.new_token(&owner, name, "tests").await.unwrap());
    }
    let reader = tokens.pop().unwrap();
    let editor = tokens.pop().unwrap();
    (fonds_server::router(Arc::new(archive)), editor, reader)
}

fn assert_error(r: &Response, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["code"], code, "{v}");
    for key in ["message", "type", "link"] {
        assert!(v[key].is_string(), "{key} missing in {v}");
    }
}

/// An editor splits and merges persons over the API, only with the server's
/// token; the decisions change what every later answer says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editors_decide_through_the_api() {
    let (app, editor, reader) = start_with_accounts().await;
    let editor = editor.as_str();
    let mikoldn = "/api/persons/%D0%9C%D0%B8%D0%BA%D0%BE%D0%BB%D0%B4%D0%BD";
    let split = r#"{"split": ["Миколдн"]}"#;

    assert_error(
        &post(&app, "/api/persons/mikoyan", None, split).await,
        401,
        "unauthorized",
    );
    // A reader's token is someone's, but not an editor's.
    assert_error(
        &post(&app, "/api/persons/mikoyan", Some(&reader), split).await,
        403,
        "forbidden",
    );
    assert_error(
        &post(&app, "/api/persons/mikoyan", Some("wrong"), split).await,
        401,
        "unauthorized",
    );
    assert_error(
        &post(&app, "/api/persons/mikoyan", Some(editor), "{not json").await,
        400,
        "invalid_body",
    );
    assert_error(
        &post(
            &app,
            "/api/persons/mikoyan",
            Some(editor),
            r#"{"split": ["Kim Il Sung"]}"#,
        )
        .await,
        400,
        "invalid_body",
    );
    assert_eq!(get(&app, mikoldn).await.json()["id"], "mikoyan");

    let r = post(&app, "/api/persons/mikoyan", Some(editor), split).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let alone = get(&app, mikoldn).await.json();
    assert_ne!(alone["id"], "mikoyan", "{alone}");
    let mikoyan = get(&app, "/api/persons/mikoyan").await.json();
    assert!(!mikoyan["names"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["name"] == "Миколдн"));

    let r = post(
        &app,
        "/api/persons/mikoyan",
        Some(editor),
        r#"{"merge": "Миколдн"}"#,
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(get(&app, mikoldn).await.json()["id"], "mikoyan");

    let r = post(
        &app,
        "/api/persons/mikoyan",
        Some(editor),
        r#"{"name": "Anastas Mikoyan"}"#,
    )
    .await;
    assert_eq!(
        r.json()["name"],
        "Anastas Mikoyan",
        "{}",
        String::from_utf8_lossy(&r.body)
    );

    // The rename moved the person's id; the old one sends API clients and
    // readers on to the new one.
    let new_id = r.json()["id"].as_str().unwrap().to_string();
    assert_ne!(new_id, "mikoyan");
    for (old, new) in [
        (
            "/api/persons/mikoyan?limit=5",
            format!("/api/persons/{new_id}?limit=5"),
        ),
        ("/person/mikoyan", format!("/person/{new_id}")),
    ] {
        let moved = get(&app, old).await;
        assert_eq!(moved.status, 308, "{old}: {}", moved.headers);
        assert!(
            moved.headers.contains(&format!("location: {new}")),
            "{old}: {}",
            moved.headers
        );
    }
    let here = format!("/api/persons/{new_id}");
    let here = here.as_str();
    assert_eq!(get(&app, here).await.json()["id"], new_id.as_str());

    // A merge into itself, by id or by one of the person's own names, is
    // refused, and so is a name given with a merge (one decision a request).
    for body in [
        r#"{"merge": "Миколдн"}"#,
        r#"{"merge": "Anastas Mikoyan"}"#,
        r#"{"merge": "Миколдн", "name": "Someone"}"#,
        r#"{"split": ["Миколдн"], "name": "Someone"}"#,
    ] {
        let r = post(&app, here, Some(editor), body).await;
        assert_error(&r, 400, "invalid_body");
        let message = r.json()["message"].as_str().unwrap().to_string();
        assert!(
            message.contains("itself") || message.contains("one decision"),
            "{message}"
        );
    }
    assert_eq!(get(&app, here).await.json()["name"], "Anastas Mikoyan");

    // The scheme of the Authorization header is case-insensitive.
    let auth = format!("bearer {editor}");
    let lower = request_with(
        &app,
        "POST",
        here,
        &[
            ("Content-Type", "application/json"),
            ("Authorization", auth.as_str()),
        ],
        r#"{"name": "A. I. Mikoyan"}"#,
    )
    .await;
    assert_eq!(
        lower.status,
        200,
        "{}",
        String::from_utf8_lossy(&lower.body)
    );
}

/// The ids of the documents a reader's search page lists.
fn hit_ids(page: &Response) -> Vec<String> {
    let html = String::from_utf8_lossy(&page.body);
    html.split("class=\"hit-title\" href=\"/doc/")
        .skip(1)
        .map(|rest| rest.split(['?', '"']).next().unwrap().to_string())
        .collect()
}

/// The search form's filters are added to the reader's query as a tree, not
/// as query text: a query that closes a parenthesis it did not open, or a
/// date that brings its own `OR`, once gave documents outside the filters.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_cannot_escape_the_search_forms_filters() {
    let app = start().await;
    // The documents the filter allows, as the API's query language says.
    let allowed: Vec<String> = get(&app, "/api/search?q=lang:ru&limit=100").await.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    let in_russian = |id: &str| allowed.iter().any(|a| a == id);
    // The filter on its own keeps some documents and leaves out others.
    let all = hit_ids(&get(&app, "/search?q=*").await);
    let russian = hit_ids(&get(&app, "/search?q=*&lang=ru").await);
    assert!(!russian.is_empty() && russian.len() < all.len());
    assert!(russian.iter().all(|id| in_russian(id)));
    for path in [
        "/search?q=x)+OR+(y&lang=ru",
        "/search?q=*)+OR+(*&lang=ru",
        "/search?q=*&lang=ru&to=1990+OR+*",
        "/search?q=*&lang=ru&from=)+OR+(*",
        "/search?q=*&lang=ru&year=1956)+OR+(*",
        "/search?q=*&lang=ru&type=telegram)+OR+(*",
        "/search?q=*+OR+*&lang=ru",
    ] {
        let page = get(&app, path).await;
        assert!(
            page.status == 400 || page.status == 200,
            "{path}: {}",
            page.status
        );
        let ids = hit_ids(&page);
        assert!(
            ids.iter().all(|id| in_russian(id)),
            "{path} found documents in no Russian text: {ids:?}"
        );
    }
    // What cannot be read is said so, with the filter it came from.
    let page = get(&app, "/search?q=*&lang=ru&to=1990+OR+*").await;
    assert_eq!(page.status, 400);
    assert!(String::from_utf8_lossy(&page.body).contains("date: "));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api() {
    let app = start().await;

    // Search, with snippets from both texts and facets.
    let r = get(
        &app,
        "/api/search?q=%D0%9C%D0%B8%D0%BA%D0%BE%D1%8F%D0%BD&facets=true",
    )
    .await;
    assert_eq!(r.status, 200);
    let v = r.json();
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == SEED_ID)
        .expect("the seed");
    let parts: Vec<&str> = hit["snippets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["part"].as_str().unwrap())
        .collect();
    assert!(
        parts.contains(&"original") && parts.contains(&"translation"),
        "{parts:?}"
    );
    assert!(hit["snippets"][0]["html"]
        .as_str()
        .unwrap()
        .contains("<mark>"));
    assert!(v["facets"]["lang"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["value"] == "ru"));

    // Errors from the table.
    assert_error(
        &get(&app, "/api/search?q=%28Mikoyan").await,
        400,
        "invalid_query",
    );
    assert!(
        get(&app, "/api/search?q=%28Mikoyan").await.json()["message"]
            .as_str()
            .unwrap()
            .contains("column")
    );
    assert_error(&get(&app, "/api/search").await, 400, "invalid_query");
    assert_error(
        &get(&app, "/api/search?q=x&limit=1000").await,
        400,
        "invalid_parameter",
    );
    assert_error(
        &get(&app, "/api/search?q=x&sort=sideways").await,
        400,
        "invalid_parameter",
    );
    assert_error(
        &get(&app, "/api/documents/no-such-document").await,
        404,
        "document_not_found",
    );
    assert_error(
        &get(&app, "/api/documents/messy-minimal?version=7").await,
        404,
        "version_not_found",
    );
    assert_error(
        &get(&app, "/api/no/such/route").await,
        404,
        "route_not_found",
    );
    let post = request_with(&app, "POST", "/api/search?q=x", &[], "").await;
    assert_error(&post, 405, "method_not_allowed");

    // A document, its versions and its source.
    let doc = get(
        &app,
        "/api/documents/digitalarchive-umd-edu-document-121800",
    )
    .await;
    assert_eq!(doc.status, 200);
    assert!(doc.headers.to_ascii_lowercase().contains("etag:"));
    let v = doc.json();
    assert_eq!(v["format"], "fonds-document");
    assert_eq!(v["citation"]["archival_reference"]["fond"], "5446");
    let versions = get(
        &app,
        "/api/documents/digitalarchive-umd-edu-document-121800/versions",
    )
    .await
    .json();
    assert_eq!(versions["versions"].as_array().unwrap().len(), 1);
    let source = get(
        &app,
        "/api/documents/digitalarchive-umd-edu-document-121800/source",
    )
    .await;
    let seed = std::fs::read(root().join("../shared/seed/000_d1706e7d43c0b0d8.txt")).unwrap();
    assert_eq!(source.body, seed, "the source comes back byte for byte");

    // Conditional requests: a client with the current copy gets 304.
    let etag = doc
        .headers
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("etag:")
                .then(|| l[5..].trim().to_string())
        })
        .unwrap();
    let not_modified = request_with(
        &app,
        "GET",
        &format!("/api/documents/{SEED_ID}"),
        &[("If-None-Match", &etag)],
        "",
    )
    .await;
    assert_eq!(not_modified.status, 304, "{}", not_modified.headers);
    assert!(doc.headers.to_ascii_lowercase().contains("last-modified:"));
    let turns = get(
        &app,
        "/api/documents/digitalarchive-umd-edu-document-121800/turns",
    )
    .await
    .json();
    assert_eq!(turns["texts"][1]["turns"].as_array().unwrap().len(), 52);
    let alignment = get(
        &app,
        "/api/documents/digitalarchive-umd-edu-document-121800/alignment",
    )
    .await
    .json();
    assert_eq!(
        alignment["links"].as_array().unwrap().len(),
        52,
        "{alignment}"
    );
    let speakers: std::collections::BTreeSet<&str> = alignment["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        speakers,
        ["Choe Yong-geon", "Mikoyan", "Rim Hae"]
            .into_iter()
            .collect()
    );
    assert_error(
        &get(
            &app,
            "/api/documents/digitalarchive-umd-edu-document-121800/texts/9",
        )
        .await,
        404,
        "text_not_found",
    );
    assert_error(
        &get(&app, "/api/persons/Nobody%20Atall").await,
        404,
        "person_not_found",
    );
    // Persons: one record per person, whatever the script or the OCR made
    // of the name.
    for (key, id, names) in [
        ("Mikoyan", "mikoyan", &["Mikoyan", "Микоян", "Миколдн"][..]),
        (
            "%D0%9C%D0%B8%D0%BA%D0%BE%D0%BB%D0%B4%D0%BD",
            "mikoyan",
            &["Mikoyan"][..],
        ),
        (
            "Choe%20Yong-geon",
            "choe-yong-geon",
            &["Чой Ен Ген", "Чань Эн Ген", "Уайт Эн Ген"][..],
        ),
        (
            "Kim%20Il%20Sung",
            "kim-il-sung",
            &["Kim Il Sung", "Ким Ир Сен"][..],
        ),
    ] {
        let p = get(&app, &format!("/api/persons/{key}")).await.json();
        assert_eq!(p["id"], id, "{p}");
        let have: Vec<&str> = p["names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["name"].as_str().unwrap())
            .collect();
        for n in names {
            assert!(have.contains(n), "{key}: {n} not in {have:?}");
        }
        assert!(
            p["names"][0]["why"].as_str().is_some_and(|w| !w.is_empty()),
            "{p}"
        );
        assert!(
            p["documents"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["id"] == SEED_ID),
            "{p}"
        );
        assert!(!p["timeline"].as_array().unwrap().is_empty(), "{p}");
    }
    let speakers = get(&app, &format!("/api/documents/{SEED_ID}/speakers"))
        .await
        .json();
    for text in speakers["texts"].as_array().unwrap() {
        let top: Vec<&str> = text["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .take(2)
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert!(
            top.contains(&"Mikoyan") && top.contains(&"Choe Yong-geon"),
            "{text}"
        );
    }
    let net = get(&app, "/api/network").await.json();
    assert!(
        net["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["source"] == "choe-yong-geon" && e["target"] == "mikoyan"),
        "{net}"
    );

    // The OpenAPI description: every listed path answers, every error code is listed.
    let spec = get(&app, "/api/openapi.json").await.json();
    for (path, _) in spec["paths"].as_object().unwrap() {
        let concrete = path
            .replace("{id}", SEED_ID)
            .replace("{n}", "0")
            .replace("{p}", "2")
            .replace("/persons/{name}", "/persons/Mikoyan")
            .replace("/archives/{name}", "/archives/GARF")
            + if path.ends_with("search") {
                "?q=Mikoyan"
            } else {
                ""
            };
        let r = get(&app, &concrete).await;
        assert_eq!(r.status, 200, "{path} answers {}", r.status);
    }
    let codes: Vec<&str> = spec["x-error-codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    for code in fonds_server::ErrorCode::ALL {
        assert!(codes.contains(&code.code()));
    }
    validate_openapi(&spec);
}

/// Runs the independent `openapi-spec-validator` when `scripts/test.sh` has
/// installed it (it sets FONDS_VALIDATORS); CI always has it.
fn validate_openapi(spec: &Value) {
    let Some(venv) = std::env::var_os("FONDS_VALIDATORS") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the OpenAPI validator: run scripts/test.sh"
        );
        eprintln!(
            "openapi-spec-validator not installed: run scripts/test.sh to validate the description"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("fonds-openapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("openapi.json");
    std::fs::write(&file, serde_json::to_vec_pretty(spec).unwrap()).unwrap();
    let out = std::process::Command::new(Path::new(&venv).join("bin/openapi-spec-validator"))
        .arg(&file)
        .output()
        .expect("the validator runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every link the reader prints leads somewhere: from the home page, every
/// page a link reaches is fetched, and its links in turn, and none answers
/// 4xx or 5xx. Archive and collection names with spaces and punctuation
/// among them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_link_of_the_reader_leads_somewhere() {
    let app = start().await;
    let mut seen = std::collections::HashSet::new();
    let mut queue = std::collections::VecDeque::from(["/".to_string()]);
    let mut broken = Vec::new();
    let mut fetched = 0;
    while let Some(path) = queue.pop_front() {
        // Bounded: a search page links to others without end.
        if fetched == 1500 {
            break;
        }
        fetched += 1;
        let r = get(&app, &path).await;
        if r.status >= 400 {
            broken.push(format!("{path}: {}", r.status));
            continue;
        }
        let is_html = r.headers.lines().any(|l| {
            l.to_ascii_lowercase()
                .starts_with("content-type: text/html")
        });
        if !is_html {
            continue;
        }
        let page = String::from_utf8_lossy(&r.body).into_owned();
        for part in page.split("href=\"").skip(1) {
            let link = part.split('"').next().unwrap_or("");
            let link = link.split('#').next().unwrap_or("").replace("&amp;", "&");
            if link.starts_with('/') && !link.starts_with("//") && seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    assert!(fetched > 50, "only {fetched} pages reached");
    assert!(broken.is_empty(), "links that lead nowhere: {broken:#?}");
    assert!(
        seen.iter()
            .any(|l| l.starts_with("/archive/") && l.contains("%20")),
        "no archive name with a space among {} links",
        seen.len()
    );
}

/// A person's page says what the documents say they were, in any of their
/// names, with the documents that say it; the facet of persons counts a
/// person once per document, as their page does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_is_described_as_the_documents_describe_them() {
    let app = start().await;
    let r = get(&app, "/api/persons/ji-pengfei").await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    let roles = v["roles"].as_array().expect("roles");
    assert!(
        roles.iter().any(|x| x["role"]
            .as_str()
            .is_some_and(|r| r.contains("Deputy Minister of Foreign Affairs"))
            && x["documents"].as_i64() >= Some(1)),
        "{v}"
    );
    let page = get(&app, "/person/ji-pengfei").await;
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("id=\"roles\""), "{html}");
    // A name in another script says which, for fonts and screen readers.
    assert!(html.contains("<td lang=\"und-Cyrl\">Цзи"), "{html}");
    // The facet of persons: one entry per person, counted as the page counts.
    let s = get(&app, "/api/search?q=*&facets=true&limit=1")
        .await
        .json();
    let persons = s["facets"]["person"].as_array().expect("a person facet");
    let mut names: Vec<&str> = persons.iter().filter_map(|p| p["value"].as_str()).collect();
    let listed = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), listed, "a person listed twice: {s}");
    for p in persons {
        let name = p["value"].as_str().unwrap();
        let detail = get(
            &app,
            &format!("/api/persons/{}", fonds_server::http::path_segment(name)),
        )
        .await
        .json();
        assert_eq!(detail["documents_count"], p["count"], "{name}");
    }
}
