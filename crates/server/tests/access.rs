//! The canary: a restricted document holding words, a person and a
//! repository no other document has is sought through every surface the
//! server has (the reader's pages and downloads, the JSON API, OAI-PMH,
//! IIIF manifests, images and content search, the persons and the
//! network), anonymously and as a reader without the grant; it never
//! appears, not even in a count. Then the reader is granted it, and it
//! appears everywhere.

mod common;

use common::{send, Answer};
use fonds_archive::Place;
use fonds_archive::{Archive, Role, Rule, Scope, State, Viewer};
use fonds_server::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;

async fn get(app: &Router, path: &str, auth: &[(&str, String)]) -> Answer {
    let headers: Vec<(&str, &str)> = auth.iter().map(|(k, v)| (*k, v.as_str())).collect();
    send(app, "GET", path, &headers, "").await
}

const CANARY: &str = "example-org-document-777001";
/// Words of the canary alone.
const WORD: &str = "zephyrwort";
const PERSON: &str = "Quistmarrow";
const REPOSITORY: &str = "Vellhaven Municipal Repository";
const YEAR: &str = "1911";

/// The canary record, written for this test.
const RECORD: &str = "## **March 3, 1911**

### **Record of a Conversation between Orvald Quistmarrow and Tesk Brannigol**

#### **Citation:**

\"Record of a Conversation between Orvald Quistmarrow and Tesk Brannigol\", March 03, 1911, Wilson Center Digital Archive, Vellhaven Municipal Repository, f. 7, op. 2, d. 19. Translated by Ida Fenn.  
<https://example.org/document/777001>

#### **Summary:**

Quistmarrow and Brannigol discuss the zephyrwort harvest.

#### **Original Language:**

English

#### **Contents:**

Translation - English

Orvald Quistmarrow: The zephyrwort harvest is late this year.

Tesk Brannigol: Then the mills must wait for the zephyrwort.

Orvald Quistmarrow: They will wait.

Yang Yong: The zephyrwort will not wait for the mills.

Recorded by Yang Yong
";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared_png() -> Option<PathBuf> {
    let dir = root().join("../shared/iiif");
    let found = std::fs::read_dir(&dir)
        .ok()
        .and_then(|mut d| d.find_map(|e| e.ok().map(|e| e.path())));
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the IIIF test image is missing from {}",
            dir.display()
        );
    }
    found
}

/// Every surface, with what the canary shows there when it may be read:
/// a marker the answer then holds.
fn surfaces() -> Vec<(String, &'static str)> {
    let repo = REPOSITORY.replace(' ', "%20");
    let mut s: Vec<(String, &'static str)> = vec![
        // The reader.
        ("/".into(), CANARY),
        (format!("/search?q={WORD}"), CANARY),
        ("/search?q=*".into(), CANARY),
        // A word one letter off is not corrected to the canary's.
        ("/search?q=zephyrwart".into(), WORD),
        ("/browse".into(), REPOSITORY),
        (format!("/archive/{repo}"), CANARY),
        (format!("/year/{YEAR}"), CANARY),
        ("/type/conversation".into(), CANARY),
        ("/people".into(), PERSON),
        (format!("/person/Orvald%20{PERSON}"), CANARY),
        (format!("/person/{PERSON}"), CANARY),
        (format!("/doc/{CANARY}"), WORD),
        (format!("/doc/{CANARY}/cite.bib"), PERSON),
        (format!("/doc/{CANARY}/cite.ris"), PERSON),
        (format!("/doc/{CANARY}/cite.json"), PERSON),
        (format!("/doc/{CANARY}/tei.xml"), WORD),
        (format!("/doc/{CANARY}/text.txt"), WORD),
        (format!("/doc/{CANARY}/scans/1"), "PNG"),
        (format!("/doc/{CANARY}/scans.pdf"), "%PDF"),
        (format!("/search/results.csv?q={WORD}"), CANARY),
        ("/search/results.csv?q=*".into(), CANARY),
        ("/search/results.bib?q=*".into(), PERSON),
        // The API.
        (format!("/api/search?q={WORD}"), CANARY),
        ("/api/search?q=*&facets=true".into(), REPOSITORY),
        (format!("/api/documents/{CANARY}"), WORD),
        (format!("/api/documents/{CANARY}/versions"), CANARY),
        (format!("/api/documents/{CANARY}/source"), WORD),
        (format!("/api/documents/{CANARY}/texts"), CANARY),
        (format!("/api/documents/{CANARY}/texts/1"), WORD),
        (format!("/api/documents/{CANARY}/turns"), WORD),
        (format!("/api/documents/{CANARY}/speakers"), PERSON),
        (format!("/api/documents/{CANARY}/alignment"), CANARY),
        (format!("/api/documents/{CANARY}/scans"), "image/png"),
        ("/api/persons?limit=100".into(), PERSON),
        (format!("/api/persons/Orvald%20{PERSON}"), CANARY),
        ("/api/network?limit=200".into(), PERSON),
        ("/api/archives".into(), REPOSITORY),
        (format!("/api/archives/{repo}"), CANARY),
        ("/api/health".into(), "\"documents\":"),
        // OAI-PMH.
        (
            "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc".into(),
            CANARY,
        ),
        ("/oai?verb=ListRecords&metadataPrefix=oai_dc".into(), WORD),
        (
            format!("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:fonds:{CANARY}"),
            WORD,
        ),
        ("/oai?verb=ListSets".into(), REPOSITORY),
        // IIIF.
        (format!("/iiif/manifests/{CANARY}"), CANARY),
        (format!("/iiif/collections/{repo}"), CANARY),
        (format!("/iiif/3/{CANARY}:1/info.json"), CANARY),
        (format!("/iiif/3/{CANARY}:1/full/max/0/default.png"), "PNG"),
        (format!("/iiif/ocr/{CANARY}:1"), WORD),
        (format!("/iiif/search/2/{CANARY}?q={WORD}"), WORD),
        (format!("/iiif/search/1/{CANARY}?q={WORD}"), WORD),
        (format!("/iiif/autocomplete/2/{CANARY}?q=zeph"), WORD),
        (format!("/iiif/autocomplete/1/{CANARY}?q=zeph"), WORD),
    ];
    s.retain(|(p, _)| !p.is_empty());
    s
}

/// What no one without the grant may learn from `body`.
fn leaks(path: &str, body: &str) -> Vec<&'static str> {
    let asked = path.replace("%20", " ");
    [CANARY, WORD, PERSON, REPOSITORY, "Brannigol", "777001"]
        .into_iter()
        // An answer may say back what was asked ("no document X").
        .filter(|s| !asked.contains(s))
        .filter(|s| body.contains(s))
        .collect()
}

/// The counts a reader without the grant may see: those of the archive
/// without the canary, the persons' turns, words and roles too (a person
/// of the public documents speaks in the canary and recorded it).
async fn counts(app: &Router, auth: &[(&str, String)]) -> (String, String, String, String) {
    let search = get(app, "/api/search?q=*&facets=true", auth).await.body;
    let total: serde_json::Value = serde_json::from_str(&search).unwrap();
    let health: serde_json::Value =
        serde_json::from_str(&get(app, "/api/health", auth).await.body).unwrap();
    let persons: serde_json::Value =
        serde_json::from_str(&get(app, "/api/persons?limit=1", auth).await.body).unwrap();
    let everyone = get(app, "/api/persons?limit=1000", auth).await.body;
    let yang = get(app, "/api/persons/Yang%20Yong", auth).await.body;
    assert!(yang.contains("Yang Yong"), "{yang}");
    (
        format!("{} {}", total["total"], total["facets"]["year"]),
        format!("{} {}", health["documents"], health["indexed"]),
        persons["total"].to_string(),
        format!("{everyone}\n{yang}"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restricted_document_shows_nowhere_until_it_is_granted() {
    let Some(png) = shared_png() else { return };
    let dir = std::env::temp_dir().join(format!("fonds-canary-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("records")).unwrap();
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    // The archive without the canary, for its counts.
    archive
        .import(&[root().join("fixtures/records")], |_| {})
        .await
        .unwrap();
    let owner = Viewer::owner();
    for (name, role) in [("rita", Role::Reader), ("mallory", Role::Reader)] {
        archive
            .add_user(&owner, name, role, "a password long enough")
            .await
            .unwrap();
    }
    let rita_token = archive.new_token(&owner, "rita", "t").await.unwrap();
    let mallory_token = archive.new_token(&owner, "mallory", "t").await.unwrap();
    let mallory_session = archive
        .log_in("mallory", "a password long enough")
        .await
        .unwrap()
        .unwrap();
    let rita_session = archive
        .log_in("rita", "a password long enough")
        .await
        .unwrap()
        .unwrap();
    let archive = Arc::new(archive);
    let app = fonds_server::router(archive.clone());
    let anonymous: Vec<(&str, String)> = Vec::new();
    let as_mallory = |api: bool| -> Vec<(&str, String)> {
        if api {
            vec![("authorization", format!("Bearer {mallory_token}"))]
        } else {
            vec![(
                "cookie",
                format!("fonds_session={}", mallory_session.secret),
            )]
        }
    };
    let as_rita = |api: bool| -> Vec<(&str, String)> {
        if api {
            vec![("authorization", format!("Bearer {rita_token}"))]
        } else {
            vec![("cookie", format!("fonds_session={}", rita_session.secret))]
        }
    };
    let before = counts(&app, &anonymous).await;

    // The canary comes in with a scan, OCR and persons, and is restricted
    // to rita at once.
    std::fs::write(dir.join("records/canary.txt"), RECORD).unwrap();
    archive
        .import(&[dir.join("records")], |_| {})
        .await
        .unwrap();
    archive
        .set_access(
            &owner,
            Scope::Document,
            CANARY,
            &Rule {
                state: State::Restricted,
                until: None,
                roles: Vec::new(),
                users: vec!["someone-else".into()],
                reason: "a donor's condition".into(),
            },
        )
        .await
        .unwrap();
    archive.attach_paths(CANARY, &[png]).await.unwrap();
    let hocr = format!(
        r#"<html><body><div class="ocr_page" title="bbox 0 0 1000 1000">
<span class="ocr_line" title="bbox 10 10 900 60">
<span class="ocrx_word" title="bbox 10 10 300 60; x_wconf 90">The</span>
<span class="ocrx_word" title="bbox 320 10 700 60; x_wconf 90">{WORD}</span>
</span></div></body></html>"#
    );
    archive
        .import_ocr(CANARY, 1, "p1.hocr", hocr.as_bytes())
        .await
        .unwrap();
    archive.link_people(true).await.unwrap();

    // Anonymous, and a reader without the grant (by session and by token):
    // nothing, not even a count.
    for (who, auth) in [
        ("anonymous", anonymous.clone()),
        ("mallory's session", as_mallory(false)),
        ("mallory's token", as_mallory(true)),
    ] {
        for (path, _) in surfaces() {
            let a = get(&app, &path, &auth).await;
            assert!(a.status < 500, "{who} {path}: {} {}", a.status, a.body);
            let leaked = leaks(&path, &a.body);
            assert!(
                leaked.is_empty(),
                "{who} {path}: {} shows {leaked:?}:\n{}",
                a.status,
                &a.body[..a.body.len().min(2000)]
            );
        }
        assert_eq!(counts(&app, &auth).await, before, "{who}: the counts");
    }

    // Granted to rita by name: everywhere, for her alone.
    archive
        .set_access(
            &owner,
            Scope::Document,
            CANARY,
            &Rule {
                state: State::Restricted,
                until: None,
                roles: Vec::new(),
                users: vec!["rita".into()],
                reason: "a donor's condition".into(),
            },
        )
        .await
        .unwrap();
    for api in [false, true] {
        let auth = as_rita(api);
        for (path, marker) in surfaces() {
            let a = get(&app, &path, &auth).await;
            assert!(
                a.status == 200 && a.body.contains(marker),
                "rita ({}) {path}: {} lacks {marker:?}:\n{}",
                if api { "token" } else { "session" },
                a.status,
                &a.body[..a.body.len().min(2000)]
            );
        }
        assert_ne!(counts(&app, &auth).await, before);
    }
    // Still no one else's.
    for (path, _) in surfaces() {
        let a = get(&app, &path, &as_mallory(true)).await;
        assert!(leaks(&path, &a.body).is_empty(), "mallory {path}");
    }
    // Her reading is in the audit log; the answers to her are kept by no
    // shared cache.
    let log = archive.audit_log(&owner, 0, 10_000).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.actor == "rita" && e.action == "read" && e.target == CANARY),
        "{log:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
