//! OAI-PMH over a real socket: a generated archive of several thousand
//! documents harvested whole by two independent clients (Sickle and
//! oaipmh-scythe), selective harvests by set and by datestamp checked against
//! the generator's truth and the store, and every protocol error asked for
//! with raw requests.

mod common;

use fonds_archive::Archive;
use fonds_archive::Place;
use fonds_archive::Viewer;
use fonds_store::ListFilter;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

/// How many records the archive holds: enough for thirty pages.
const RECORDS: u64 = 3_000;
const SEED: u64 = 7;

struct Response {
    headers: String,
    body: String,
}

/// One request over its own connection, which must succeed.
fn request(addr: SocketAddr, method: &str, path: &str, body: &str) -> Response {
    let (head, body) = common::exchange(addr, method, path, body);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    Response {
        headers: head,
        body: String::from_utf8(body).unwrap(),
    }
}

fn oai(addr: SocketAddr, query: &str) -> String {
    let r = request(addr, "GET", &format!("/oai?{query}"), "");
    assert!(
        r.headers
            .to_ascii_lowercase()
            .contains("content-type: text/xml; charset=utf-8"),
        "{}",
        r.headers
    );
    r.body
}

/// Asserts that `query` is answered with the error `code`, and that the
/// request element echoes the arguments unless the error is badVerb or
/// badArgument.
fn assert_oai_error(addr: SocketAddr, query: &str, code: &str) {
    let body = oai(addr, query);
    assert!(
        body.contains(&format!("<error code=\"{code}\">")),
        "{query}: expected {code}, got\n{body}"
    );
    let bare = body.contains("<request>http://");
    let expect_bare = code == "badVerb" || code == "badArgument";
    assert_eq!(bare, expect_bare, "{query}: request element in\n{body}");
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    s.split(open)
        .skip(1)
        .filter_map(|p| p.split(close).next())
        .collect()
}

/// The validators' Python, or `None` (a failure under CI) when not installed.
fn python() -> Option<PathBuf> {
    common::validators_python("the OAI-PMH clients (Sickle, oaipmh-scythe)")
}

/// Harvests ListRecords (oai_dc) with Sickle, following resumption tokens;
/// returns the number of distinct identifiers, after checking there were no
/// repeats and that every record has a title.
const SICKLE: &str = r#"
import sys
from sickle import Sickle
args = dict(a.split("=", 1) for a in sys.argv[2:])
ids = []
for r in Sickle(sys.argv[1]).ListRecords(metadataPrefix="oai_dc", **args):
    assert r.metadata.get("title"), r.header.identifier
    ids.append(r.header.identifier)
assert len(ids) == len(set(ids)), "repeated records"
print(len(ids))
"#;

/// The same with oaipmh-scythe; its first argument is the HTTP method.
const SCYTHE: &str = r#"
import sys
from oaipmh_scythe import Scythe
args = dict(a.split("=", 1) for a in sys.argv[3:])
ids = []
scythe = Scythe(sys.argv[1], http_method=sys.argv[2])
for r in scythe.list_records(metadata_prefix="oai_dc", **args):
    assert r.metadata.get("title"), r.header.identifier
    ids.append(r.header.identifier)
assert len(ids) == len(set(ids)), "repeated records"
print(len(ids))
"#;

fn harvest(python: &Path, script: &str, args: &[&str]) -> usize {
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "harvest {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// Validates the `tei` records of the first ListRecords page with jing
/// against tei_all (skipped with a note when jing or the schema is missing,
/// outside CI).
fn validate_tei(addr: SocketAddr, dir: &Path) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/tei_all.rng");
    let jing = Command::new("jing").arg("-h").output();
    if jing.is_err() || !schema.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "jing or {} missing",
            schema.display()
        );
        eprintln!(
            "note: skipping the TEI validation: jing or {} missing",
            schema.display()
        );
        return;
    }
    std::fs::create_dir_all(dir).unwrap();
    let body = oai(addr, "verb=ListRecords&metadataPrefix=tei");
    let mut files = Vec::new();
    for (i, tei) in between(&body, "<TEI ", "</TEI>").iter().enumerate() {
        let path = dir.join(format!("{i}.xml"));
        std::fs::write(&path, format!("<TEI {tei}</TEI>\n")).unwrap();
        files.push(path);
    }
    assert_eq!(files.len(), 100);
    let out = Command::new("jing")
        .arg(&schema)
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "TEI not valid:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oai_pmh() {
    let started = Instant::now();
    let dir = std::env::temp_dir().join(format!("fonds-oai-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let records = dir.join("records");
    std::fs::create_dir_all(&records).unwrap();
    let generator = fonds_corpus::Generator::new(SEED);
    let mut german = 0;
    for i in 0..RECORDS {
        let g = generator.record(i);
        if g.truth.original_language == "de" || g.truth.translation_languages.contains(&"de") {
            german += 1;
        }
        std::fs::write(records.join(&g.file_name), &g.text).unwrap();
    }
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    let summary = archive.import(&[records], |_| {}).await.unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    let archive = Arc::new(archive);
    let total = archive.status(&Viewer::owner()).await.unwrap().documents as usize;
    assert_eq!(total, RECORDS as usize);
    eprintln!(
        "generated and imported {total} records in {:?}",
        started.elapsed()
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = fonds_server::router(archive.clone());
    tokio::spawn(fonds_server::serve_on(listener, app));
    let base = format!("http://{addr}/oai");

    // The datestamps of the archive, to choose a window and count it.
    let all = archive
        .listing(
            &Viewer::owner(),
            &ListFilter::default(),
            0,
            i64::MAX as usize,
        )
        .await
        .unwrap();
    let mut stamps: Vec<String> = all.iter().map(|l| l.updated_at.clone()).collect();
    stamps.sort();
    let (from, until) = (
        stamps[stamps.len() / 3].clone(),
        stamps[2 * stamps.len() / 3].clone(),
    );
    let in_window = stamps
        .iter()
        .filter(|s| **s >= from && **s <= until)
        .count();
    let today = stamps[0][..10].to_string();
    let same_day = stamps.iter().filter(|s| s.starts_with(&today)).count();
    let earliest = stamps[0].clone();
    let telegrams = archive
        .count_listed(
            &Viewer::owner(),
            &ListFilter {
                doc_type: Some("telegram".into()),
                ..ListFilter::default()
            },
        )
        .await
        .unwrap() as usize;
    assert!(german > 0 && telegrams > 0);

    tokio::task::spawn_blocking(move || {
        // Identify, formats and sets.
        let body = oai(addr, "verb=Identify");
        for part in [
            "<protocolVersion>2.0</protocolVersion>",
            "<deletedRecord>no</deletedRecord>",
            "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>",
            &format!("<baseURL>http://{addr}/oai</baseURL>"),
            &format!("<earliestDatestamp>{}</earliestDatestamp>", earliest),
            "<request verb=\"Identify\">",
        ] {
            assert!(body.contains(part), "{part} missing in\n{body}");
        }
        let body = oai(addr, "verb=ListMetadataFormats");
        assert_eq!(between(&body, "<metadataPrefix>", "<"), ["oai_dc", "tei"]);
        let body = oai(addr, "verb=ListSets");
        let specs = between(&body, "<setSpec>", "<");
        for spec in [
            "repo",
            "lang",
            "type",
            "lang:de",
            "lang:ru",
            "type:telegram",
        ] {
            assert!(specs.contains(&spec), "{spec} not in {specs:?}");
        }
        assert!(specs.iter().any(|s| s.starts_with("repo:")));

        // A first page of identifiers, its token, and the next page.
        let body = oai(addr, "verb=ListIdentifiers&metadataPrefix=oai_dc");
        assert_eq!(body.matches("<header>").count(), 100);
        assert!(
            body.contains(&format!("completeListSize=\"{total}\" cursor=\"0\"")),
            "{body}"
        );
        let token = between(&body, "cursor=\"0\">", "<")[0].to_string();
        let body = oai(
            addr,
            &format!(
                "verb=ListIdentifiers&resumptionToken={}",
                token.replace(':', "%3A")
            ),
        );
        assert_eq!(body.matches("<header>").count(), 100);
        assert!(body.contains("cursor=\"100\""), "{body}");

        // A token's position cannot be changed: a cursor of 2^64-1 (whose
        // next page would wrap) or any other edit is a bad token.
        let fields: Vec<&str> = token.split('!').collect();
        for (i, value) in [
            (5, "18446744073709551615"),
            (5, "9223372036854775807"),
            (4, "0"),
            (6, "99999999"),
        ] {
            let mut altered = fields.clone();
            altered[i] = value;
            assert_oai_error(
                addr,
                &format!(
                    "verb=ListRecords&resumptionToken={}",
                    altered.join("!").replace(':', "%3A")
                ),
                "badResumptionToken",
            );
        }

        // One record in both formats, and the same through POST.
        let first = between(&body, "<identifier>", "<")[0].to_string();
        let id = first.strip_prefix("oai:fonds:").unwrap();
        let body = oai(
            addr,
            &format!("verb=GetRecord&identifier={first}&metadataPrefix=oai_dc"),
        );
        for part in [
            format!("<dc:identifier>http://{addr}/doc/{id}</dc:identifier>"),
            "<dc:title>".to_string(),
            "<dc:source>".to_string(),
            "<dc:language>".to_string(),
            "<dc:publisher>".to_string(),
            "<setSpec>type:".to_string(),
        ] {
            assert!(body.contains(&part), "{part} missing in\n{body}");
        }
        let tei = oai(
            addr,
            &format!("verb=GetRecord&identifier={first}&metadataPrefix=tei"),
        );
        assert!(
            tei.contains("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">"),
            "{tei}"
        );
        assert!(
            tei.contains("<msIdentifier>") && tei.contains("<repository>"),
            "{tei}"
        );
        assert!(
            tei.contains("<div type=\"original\"") && tei.contains("<sp "),
            "the full TEI, texts and turns: {tei}"
        );
        let posted = request(
            addr,
            "POST",
            "/oai",
            &format!("verb=GetRecord&identifier={first}&metadataPrefix=oai_dc"),
        );
        assert!(posted
            .body
            .contains(&format!("<identifier>{first}</identifier>")));

        // Every protocol error.
        let errors = [
            ("", "badVerb"),
            ("verb=Harvest", "badVerb"),
            ("verb=Identify&verb=Identify", "badVerb"),
            ("verb=Identify&extra=1", "badArgument"),
            ("verb=ListRecords", "badArgument"),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&set=lang:de&set=lang:ru",
                "badArgument",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01",
                "badArgument",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&from=yesterday",
                "badArgument",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-02&until=2024-02-01",
                "badArgument",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-02-02T00:00:00Z",
                "badArgument",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&set=lang%20de",
                "badArgument",
            ),
            (
                "verb=ListRecords&resumptionToken=x&set=lang:de",
                "badArgument",
            ),
            ("verb=GetRecord&identifier=oai:fonds:x", "badArgument"),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&from=%zz",
                "badArgument",
            ),
            (
                "verb=ListRecords&metadataPrefix=marc21",
                "cannotDisseminateFormat",
            ),
            (
                "verb=ListIdentifiers&metadataPrefix=marc21",
                "cannotDisseminateFormat",
            ),
            (
                "verb=GetRecord&identifier=oai:fonds:nothing&metadataPrefix=oai_dc",
                "idDoesNotExist",
            ),
            (
                "verb=GetRecord&identifier=nothing&metadataPrefix=oai_dc",
                "idDoesNotExist",
            ),
            (
                "verb=ListMetadataFormats&identifier=oai:fonds:nothing",
                "idDoesNotExist",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&set=lang:xx",
                "noRecordsMatch",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&set=repo:Nowhere",
                "noRecordsMatch",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&set=colour:red",
                "noRecordsMatch",
            ),
            (
                "verb=ListRecords&metadataPrefix=oai_dc&until=1900-01-01",
                "noRecordsMatch",
            ),
            (
                "verb=ListRecords&resumptionToken=garbage",
                "badResumptionToken",
            ),
            (
                "verb=ListRecords&resumptionToken=oai_dc!!!!-5!0",
                "badResumptionToken",
            ),
            (
                "verb=ListSets&resumptionToken=anything",
                "badResumptionToken",
            ),
        ];
        for (query, code) in errors {
            assert_oai_error(addr, query, code);
        }
        // Arguments the schema could not echo are refused; an echoed value is escaped.
        assert_oai_error(
            addr,
            "verb=ListRecords&metadataPrefix=%3Cx%3E",
            "badArgument",
        );
        assert_oai_error(
            addr,
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=a%20b",
            "badArgument",
        );
        let body = oai(
            addr,
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:fonds:a%26b",
        );
        assert!(body.contains("identifier=\"oai:fonds:a&amp;b\""), "{body}");
    })
    .await
    .unwrap();

    // The TEI of a page of records against the TEI P5 schema.
    let tei_dir = dir.join("tei");
    tokio::task::spawn_blocking(move || validate_tei(addr, &tei_dir))
        .await
        .unwrap();

    let Some(python) = python() else {
        return;
    };
    let run = |script: &'static str, args: Vec<String>| {
        let python = python.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let t = Instant::now();
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let n = harvest(&python, script, &args);
                eprintln!("harvested {n} records ({args:?}) in {:?}", t.elapsed());
                n
            })
            .await
            .unwrap()
        }
    };

    // The whole archive, by both clients.
    assert_eq!(run(SICKLE, vec![base.clone()]).await, total);
    assert_eq!(run(SCYTHE, vec![base.clone(), "GET".into()]).await, total);

    // A set, against the generator's truth; scythe harvests it by POST.
    let set = |s: &str| format!("set={s}");
    assert_eq!(
        run(SICKLE, vec![base.clone(), set("lang:de")]).await,
        german
    );
    assert_eq!(
        run(
            SCYTHE,
            vec![base.clone(), "POST".into(), "set_=lang:de".into()]
        )
        .await,
        german
    );
    assert_eq!(
        run(SICKLE, vec![base.clone(), set("type:telegram")]).await,
        telegrams
    );

    // A datestamp window to the second, and a day.
    assert_eq!(
        run(
            SICKLE,
            vec![
                base.clone(),
                format!("from={from}"),
                format!("until={until}")
            ]
        )
        .await,
        in_window
    );
    assert_eq!(
        run(
            SCYTHE,
            vec![
                base.clone(),
                "GET".into(),
                format!("from_={from}"),
                format!("until={until}")
            ]
        )
        .await,
        in_window
    );
    assert_eq!(
        run(
            SICKLE,
            vec![
                base.clone(),
                format!("from={today}"),
                format!("until={today}")
            ]
        )
        .await,
        same_day
    );
    eprintln!("whole test in {:?}", started.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Servers of one archive read each other's resumption tokens: two servers
/// that make the key at once keep the one stored first (neither overwrites
/// it), and a read-only server started later reads it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_of_one_archive_share_their_token_key() {
    let dir = std::env::temp_dir().join(format!("fonds-oai-key-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let records = dir.join("records");
    std::fs::create_dir_all(&records).unwrap();
    let generator = fonds_corpus::Generator::new(SEED);
    for i in 0..150 {
        let g = generator.record(i);
        std::fs::write(records.join(&g.file_name), &g.text).unwrap();
    }
    let place = Place::for_tests(dir.join("archive")).await.unwrap();
    let archive = Arc::new(Archive::open(&place).await.unwrap());
    let summary = archive.import(&[records], |_| {}).await.unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    let serve = |app| async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(fonds_server::serve_on(listener, app));
        addr
    };
    // Two routers, each with its own key, as two servers have.
    let writers = [
        serve(fonds_server::router(archive.clone())).await,
        serve(fonds_server::router(archive.clone())).await,
    ];
    let first_page = "verb=ListIdentifiers&metadataPrefix=oai_dc";
    let next_page = |addr, body: &str| {
        let token = between(body, "cursor=\"0\">", "<")[0];
        oai(
            addr,
            &format!(
                "verb=ListIdentifiers&resumptionToken={}",
                token.replace(':', "%3A")
            ),
        )
    };
    let firsts: Vec<String> = tokio::task::spawn_blocking(move || {
        // Both make their key at once, at their first list.
        std::thread::scope(|s| {
            let asks: Vec<_> = writers
                .iter()
                .map(|&addr| s.spawn(move || oai(addr, first_page)))
                .collect();
            asks.into_iter().map(|a| a.join().unwrap()).collect()
        })
    })
    .await
    .unwrap();
    let reader = Archive::open_read_only(&place).await.unwrap();
    let reader = serve(fonds_server::router(Arc::new(reader))).await;
    tokio::task::spawn_blocking(move || {
        for (i, first) in firsts.iter().enumerate() {
            for other in [writers[1 - i], reader] {
                let body = next_page(other, first);
                assert!(
                    body.contains("cursor=\"100\""),
                    "a token of server {i} refused by {other}:\n{body}"
                );
            }
        }
        let body = oai(reader, first_page);
        assert!(next_page(writers[0], &body).contains("cursor=\"100\""));
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
