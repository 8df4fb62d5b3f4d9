//! End-to-end tests of the HTML pages of `fonds serve` in headless Chromium,
//! driven over WebDriver (chromedriver). Each test imports a corpus into a
//! fresh archive, serves it on a free loopback port, and walks through the
//! pages as a reader would.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (`scripts/install-browser.sh`).
//! Without them the tests are skipped with a note, unless `CI` is set, where
//! they fail. Screenshots go to `target/screenshots/`.

mod webdriver;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use webdriver::{free_port, get, Browser, Element, TempDir};

const WAIT: Duration = Duration::from_secs(10);

/// The word searched for from the home page: in titles, summaries and texts
/// of the corpus, in Latin and (as Микоян) in Cyrillic.
const QUERY: &str = "Mikoyan";

/// A word only the record written by the test contains.
const MARKS_WORD: &str = "Zabolotnyi";
const HOSTILE_WORD: &str = "Xylophonist";

/// Synthetic records added to the search test's archive, so that browsing
/// finds more documents than one page of results shows.
const GENERATED: usize = 40;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn screenshot_dir() -> PathBuf {
    repo_root().join("target/screenshots")
}

/// The corpus the tests import: the demo records, or the fixtures while the
/// demo is not there.
fn corpus() -> PathBuf {
    let demo = repo_root().join("demo/records");
    if demo.is_dir() {
        demo
    } else {
        repo_root().join("fixtures/records")
    }
}

/// Whether the browser is installed; when it is not, a skip (with a note) or,
/// under CI, a failure.
fn browser_installed() -> bool {
    if Path::new(webdriver::CHROMEDRIVER).exists() && Path::new(webdriver::CHROMIUM).exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{} or {} is missing: run scripts/install-browser.sh before the tests",
            webdriver::CHROMEDRIVER,
            webdriver::CHROMIUM
        );
    }
    eprintln!(
        "note: browser tests skipped: {} is missing (run scripts/install-browser.sh)",
        webdriver::CHROMEDRIVER
    );
    false
}

// ---------------------------------------------------------------------------
// The server

/// An archive with the corpus (and any extra records) imported, served by
/// `fonds serve` on a free loopback port; the server is killed when dropped.
struct Server {
    child: Child,
    base: String,
    log: PathBuf,
    _dir: TempDir,
}

impl Server {
    /// Imports the corpus, `extra_records` (file name, text) and `generated`
    /// synthetic records, then serves the archive.
    fn start(extra_records: &[(&str, String)], generated: usize) -> Server {
        Server::start_prepared(extra_records, generated, |_, _| {})
    }

    /// As [`Server::start`], running `prepare` on the archive (its folder,
    /// and a scratch folder) between the import and the serving.
    fn start_prepared(
        extra_records: &[(&str, String)],
        generated: usize,
        prepare: impl FnOnce(&Path, &Path),
    ) -> Server {
        let dir = TempDir::new("fonds-browser");
        let archive = dir.path().join("archive");
        let records = dir.path().join("records");
        std::fs::create_dir_all(&records).unwrap();
        for (name, text) in extra_records {
            std::fs::write(records.join(name), text).unwrap();
        }
        if generated > 0 {
            fonds_corpus::Generator::new(11)
                .write(&records.join("generated"), 0, generated as u64, |_| Ok(()))
                .expect("write the generated records");
        }
        let out = Command::new(env!("CARGO_BIN_EXE_fonds"))
            .arg("--archive")
            .arg(&archive)
            .arg("import")
            .arg(corpus())
            .arg(&records)
            .output()
            .expect("run fonds import");
        assert!(
            out.status.success(),
            "fonds import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );

        prepare(&archive, dir.path());

        let port = free_port();
        let log = dir.path().join("serve.log");
        let log_file = std::fs::File::create(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_fonds"))
            .arg("--archive")
            .arg(&archive)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file)
            .spawn()
            .expect("run fonds serve");
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
            if let Ok(r) = webdriver::http(addr, "GET", "/api/health", None) {
                if r.status == 200 {
                    break;
                }
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "fonds serve exited with {status}: {}",
                    std::fs::read_to_string(&server.log).unwrap_or_default()
                );
            }
            assert!(
                Instant::now() < deadline,
                "fonds serve did not answer /api/health within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str) -> webdriver::Response {
        get(&self.base, path)
    }

    fn api(&self, path: &str) -> Value {
        let r = self.get(path);
        assert_eq!(r.status, 200, "GET {path}: {}", r.text());
        serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// The id of the one document a search for `word` finds.
    fn id_of(&self, word: &str) -> String {
        let v = self.api(&format!("/api/search?q={word}"));
        v["hits"][0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no document found for {word}: {v}"))
            .to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server and the browser of one test, or `None` when the browser is not
/// installed (and the test is skipped). Bound as `(server, b)`, the browser
/// is dropped first.
fn start(
    name: &str,
    extra_records: &[(&str, String)],
    generated: usize,
) -> Option<(Server, Browser)> {
    if !browser_installed() {
        return None;
    }
    let server = Server::start(extra_records, generated);
    let browser = Browser::start(name, &screenshot_dir());
    Some((server, browser))
}

// ---------------------------------------------------------------------------
// Records the tests write

/// The Russian turns of the conversation's first page, said five times.
const MARKS_RU_A: &str = "Тов. Тестов - Мы рассмотрели ваши предложения по Заболотному каналу и \
    считаем, что поставки труб и цемента нужно начать в апреле, чтобы строители успели \
    закончить первую очередь до осени, когда начнутся дожди и работы придется \
    остановить на несколько месяцев.";
const MARKS_RU_B: &str =
    "Тов. Пробин - Мы согласны с этим сроком. Наши инженеры подготовят расчеты \
    к концу марта и передадут их в министерство, чтобы не повторилась прошлогодняя \
    задержка с документацией и с оплатой подрядчиков на южном участке.";
/// The last turn of the first page, with editorial marks, and the second
/// page's marker and folio stamp.
const MARKS_RU_TURN: &str = "Тов. Тестов - Хорошо. <sup>Вопрос о рабочих</sup> решим отдельно. \
    ~~Мы думаем~~ Министерство поможет [неразборчиво] с жильем.\n\n\
    - 2 -\n\n14\n\n";
/// The second page of the Russian original.
const MARKS_RU_PAGE_2: &str = "Тов. Пробин - Благодарю. Мы доложим об этом товарищам в Москве.\n\n\
    Тов. Тестов - Передайте им привет.\n\n\
    Записал А. Пробин\n\n\n";

/// A conversation of two pages (folios 13 and 14), long enough that page 2
/// starts below the first screen, with every kind of editorial mark.
fn marks_record() -> String {
    let mut s = String::from(
        "\n\n## **March 3, 1958**\n\n\
         ### **Record of Conversation between V. P. Testov and A. N. Probin**\n\n\
         #### **Citation:**\n\n\
         \"Record of Conversation between V. P. Testov and A. N. Probin\", March 3, 1958, \
         Wilson Center Digital Archive, RGANI, f. 5, op. 49, d. 77, ll. 13-14. \
         Translated by Ada Browser.  \n\
         <https://digitalarchive.example.org/document/990777>\n\n\
         #### **Summary:**\n\n\
         Testov and Probin discuss the Zabolotnyi canal project, its deliveries of pipes \
         and cement, and the schedule of the engineers.\n\n\
         #### **Original Language:**\n\nRussian\n\n\
         #### **Contents:**\n\nOriginal Scan  \nTranslation - English\n\n\
         Секретно\n\n13\n\nЗАПИСЬ БЕСЕДЫ\n\n\
         тов. Тестова В.П. с тов. Пробиным А.Н.\n\n3 марта 1958 г.\n\n",
    );
    for _ in 0..5 {
        s.push_str(&format!("{MARKS_RU_A}\n\n{MARKS_RU_B}\n\n"));
    }
    s.push_str(MARKS_RU_TURN);
    s.push_str(MARKS_RU_PAGE_2);
    s.push_str(
        "Secret\n\n\
         Record of Conversation of Cde. V. P. Testov with Cde. A. N. Probin, 3 March 1958\n\n",
    );
    let en_a = "Cde. Testov - We have examined your proposals on the Zabolotnyi canal and \
        consider that the deliveries of pipes and cement must begin in April, so that the \
        builders can finish the first stage before the autumn, when the rains begin and the \
        work would have to stop for several months.";
    let en_b = "Cde. Probin - We agree with this date. Our engineers will prepare the \
        calculations by the end of March and hand them to the ministry, so that last year's \
        delay with the documents and with the payment of the contractors on the southern \
        section is not repeated.";
    for _ in 0..5 {
        s.push_str(&format!("{en_a}\n\n{en_b}\n\n"));
    }
    s.push_str(
        "Cde. Testov - Good. [Inserted: The question of the workers] we will settle \
         separately. The ministry will help [illegible] with housing for [them].\n\n\
         Cde. Probin - Thank you. We will report this to the comrades in Moscow.\n\n\
         Cde. Testov - Give them my regards.\n\n\
         Recorded by A. Probin\n",
    );
    s
}

/// Markup in the title, which goes into `<title>`, `<h1>` and meta tags.
const TITLE_PAYLOAD: &str = "</title><script>alert(3)</script>";

const PAYLOADS: [&str; 3] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "\"><svg onload=alert(2)>",
];

/// A record whose texts carry markup that would run script if a page wrote it
/// out unescaped.
fn hostile_record() -> String {
    let [script, img, svg] = PAYLOADS;
    format!(
        "\n\n## **May 5, 1960**\n\n\
         ### **Record of Conversation between I. Xylophonist and P. Markup {TITLE_PAYLOAD}**\n\n\
         #### **Citation:**\n\n\
         \"Record of Conversation between I. Xylophonist and P. Markup\", May 5, 1960, \
         Wilson Center Digital Archive, RGANI, f. 5, op. 30, d. 999, ll. 1-2.  \n\
         <https://digitalarchive.example.org/document/990666>\n\n\
         #### **Summary:**\n\n\
         The Xylophonist record, whose texts hold markup {svg}\n\n\
         #### **Original Language:**\n\nRussian\n\n\
         #### **Contents:**\n\nOriginal Scan  \nTranslation - English\n\n\
         ЗАПИСЬ БЕСЕДЫ\n\n\
         Тов. Ксилофонист - Вот что пришло в телеграмме: {script} и еще {img} и в конце {svg} \
         Мы не знаем, что это значит.\n\n\
         Тов. Маркап - Передайте это в министерство.\n\n\n\
         Record of Conversation\n\n\
         Cde. Xylophonist - This is what came in the telegram: {script} and also {img} and at \
         the end {svg} We do not know what it means.\n\n\
         Cde. Markup - Hand this to the ministry.\n"
    )
}

// ---------------------------------------------------------------------------
// Helpers on pages

/// The first whole number in `text` ("1,234 documents" gives 1234).
fn first_number(text: &str) -> Option<u64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '\u{a0}' || *c == '\u{202f}')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn results_count(b: &Browser) -> u64 {
    let text = b.find("#results-count").text();
    assert!(
        text.contains("document"),
        "#results-count should read like \"12 documents\": {text:?}"
    );
    first_number(&text).unwrap_or_else(|| panic!("no number in #results-count: {text:?}"))
}

fn path_of(url: &str) -> String {
    match url.strip_prefix("http://") {
        Some(rest) => rest[rest.find('/').unwrap_or(rest.len())..].to_string(),
        None => url.to_string(),
    }
}

/// Waits until the browser's URL satisfies `cond` (a click's navigation).
fn wait_url(b: &Browser, what: &str, cond: impl Fn(&str) -> bool) -> String {
    b.wait_until(what, WAIT, || cond(&b.url()));
    b.url()
}

/// getBoundingClientRect of the element with `id` and the viewport height.
fn viewport_rect(b: &Browser, id: &str) -> Value {
    b.exec(
        "const e = document.getElementById(arguments[0]);
         if (!e) return null;
         const r = e.getBoundingClientRect();
         return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                 height: window.innerHeight, scrollY: window.scrollY};",
        vec![json!(id)],
    )
}

fn body_text(b: &Browser) -> String {
    b.exec("return document.body.innerText;", vec![])
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// `text` with everything but unreserved characters percent-encoded.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|c| {
            if c.is_ascii_alphanumeric() || b"-._~".contains(&c) {
                (c as char).to_string()
            } else {
                format!("%{c:02X}")
            }
        })
        .collect()
}

/// The DOM text of each element.
fn texts(elements: &[Element<'_>]) -> Vec<String> {
    elements.iter().map(|e| e.text_content()).collect()
}

// ---------------------------------------------------------------------------
// The harness itself

/// chromedriver, a session, navigation, scripts, dialogs, window sizes and a
/// screenshot work, whatever pages the server has.
#[test]
fn harness_drives_chromium() {
    let Some((server, b)) = start("harness", &[], 0) else {
        return;
    };
    b.goto(&server.url("/api/health"));
    assert_eq!(b.url(), server.url("/api/health"));
    let text = body_text(&b);
    assert!(text.contains("\"status\":\"ok\""), "health page: {text}");
    assert_eq!(b.exec("return 6 * 7;", vec![]), json!(42));
    let body = b.find("body");
    assert_eq!(
        b.exec("return arguments[0].tagName;", vec![body.to_arg()]),
        json!("BODY")
    );
    assert!(b.try_find("#no-such-element").is_none());
    assert_eq!(
        b.exec("return window.innerWidth;", vec![]),
        json!(webdriver::DESKTOP.0)
    );
    let shot = b.screenshot("harness-health.png");
    assert!(std::fs::metadata(&shot).unwrap().len() > 100);

    // The dialog check the hostile-markup test relies on sees an alert.
    assert_eq!(b.alert_text(), None);
    b.exec("setTimeout(() => alert('hello'), 0); return null;", vec![]);
    b.wait_until("an alert is open", WAIT, || b.alert_text().is_some());
    assert_eq!(b.alert_text().as_deref(), Some("hello"));
    b.dismiss_alert();
    assert_eq!(b.alert_text(), None);

    // The hostile-markup checks see markup that was not escaped.
    let [script, img, svg] = PAYLOADS;
    let raw = format!("<title>raw</title><p>{script}{img}{svg}</p>");
    b.goto(&format!(
        "data:text/html;charset=utf-8,{}",
        percent_encode(&raw)
    ));
    let effects = script_effects(&b);
    assert_eq!(effects.len(), 3, "the checks missed an effect: {effects:?}");

    // Phone emulation lays out a page that asks for the device width at 390.
    b.phone();
    b.goto("data:text/html,<meta name=viewport content='width=device-width'><p id=x>phone");
    assert_eq!(
        b.exec("return window.innerWidth;", vec![]),
        json!(webdriver::PHONE.0)
    );
    assert_eq!(b.find("#x").text(), "phone");
    b.desktop();
    b.goto(&server.url("/api/health"));
    assert_eq!(
        b.exec("return window.innerWidth;", vec![]),
        json!(webdriver::DESKTOP.0)
    );
}

// ---------------------------------------------------------------------------
// Journeys

/// Home → browse by language → search from the box → results with marked
/// snippets → a language facet → a document.
#[test]
fn search_from_home_filter_by_facet_and_open_a_document() {
    let Some((server, b)) = start("search", &[], GENERATED) else {
        return;
    };

    // Home.
    b.goto(&server.url("/"));
    let form = b.find("form#search");
    form.find("input[name=q]");
    form.find("button[type=submit]");
    for facet in ["lang", "repo", "type", "decade", "person"] {
        b.find(&format!("#browse ul.facet[data-facet=\"{facet}\"]"));
    }
    let browse_lang = b.find_all("#browse ul.facet[data-facet=\"lang\"] li a");
    assert!(
        !browse_lang.is_empty(),
        "no languages to browse on the home page"
    );
    let recent = b.find_all("#recent li > a");
    assert!(!recent.is_empty(), "no recent documents on the home page");
    // Each says what it is (its own date and kind), not only when it came.
    let metas = texts(&b.find_all("#recent li .recent-meta"));
    assert_eq!(metas.len(), recent.len());
    for meta in metas {
        let (what, added) = meta
            .split_once(" · added ")
            .unwrap_or_else(|| panic!("{meta}"));
        assert!(what.contains(" · ") && added.len() >= 10, "{meta}");
    }
    for a in &recent {
        let href = a.attr("href").unwrap_or_default();
        assert!(
            path_of(&href).starts_with("/doc/"),
            "a recent document links to {href}"
        );
    }

    // Browsing a language lists its documents, page by page.
    let home = b.url();
    browse_lang[0].click();
    wait_url(&b, "the browse link leads to results", |u| u != home);
    let browsed = results_count(&b);
    assert!(browsed > 0, "browsing a language found nothing");
    assert!(
        check_pagination(&b, browsed),
        "browsing a language found {browsed} documents, all on one page: \
         pagination was not tried (raise GENERATED)"
    );

    // Search from the home page's box.
    b.goto(&server.url("/"));
    let q = b.find("form#search input[name=q]");
    q.send_keys(QUERY);
    b.find("form#search button[type=submit]").click();
    let url = wait_url(&b, "the search form leads to /search", |u| {
        path_of(u).starts_with("/search?")
    });
    assert!(url.contains(&format!("q={QUERY}")), "results URL: {url}");
    let boxes: Vec<Value> = b
        .find_all("form input[name=q]")
        .iter()
        .filter(|i| i.displayed())
        .map(|i| i.prop("value"))
        .collect();
    assert!(
        boxes.contains(&json!(QUERY)),
        "the results page should keep the query in a search box: {boxes:?}"
    );
    b.find("form select[name=sort]");
    b.find("form input[name=from]");
    b.find("form input[name=to]");

    let total = results_count(&b);
    assert!(total > 0, "no documents found for {QUERY}");
    let hits = b.find_all("ol#results > li.hit");
    assert!(
        !hits.is_empty(),
        "#results-count says {total} but no li.hit"
    );
    assert!(hits.len() as u64 <= total);
    for hit in &hits {
        let href = hit.find("a.hit-title").attr("href").unwrap_or_default();
        let path = path_of(&href);
        assert!(
            path.starts_with("/doc/") && path.contains("q=") && path.contains(QUERY),
            "a hit links to {href}, not /doc/ID?q=...{QUERY}..."
        );
    }
    let parts = texts(&b.find_all("ol#results .snippet .snippet-part"));
    assert!(
        !parts.is_empty(),
        "no .snippet .snippet-part in the results"
    );
    assert!(
        parts.iter().any(|p| {
            let p = p.to_lowercase();
            p.contains("original") || p.contains("translation")
        }),
        "no snippet from an original or a translation: {parts:?}"
    );
    // A fragment carries its language, so that a screen reader and the
    // fonts read it as what it is.
    let russian = b.exec(
        "return [...document.querySelectorAll('ol#results .snippet .fragment')]
             .filter(f => /[\\u0400-\\u04FF]/.test(f.textContent))
             .map(f => f.getAttribute('lang'));",
        vec![],
    );
    let russian: Vec<&str> = russian
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        !russian.is_empty() && russian.iter().all(|l| *l == "ru"),
        "Cyrillic fragments without lang=\"ru\": {russian:?}"
    );
    let marks = texts(&b.find_all("ol#results .snippet mark"));
    assert!(!marks.is_empty(), "no <mark> in the snippets");
    assert!(
        marks.iter().any(|m| m.eq_ignore_ascii_case(QUERY)),
        "no snippet marks {QUERY}: {marks:?}"
    );
    if corpus().ends_with("demo/records") {
        assert!(
            marks.iter().any(|m| m.starts_with("Микоян")),
            "no snippet marks Микоян in a Russian text for {QUERY}: {marks:?}"
        );
    }

    // Languages are offered as written in and as translated into, and a
    // language facet narrows the results to its count.
    b.find("nav#facets section.facet[data-facet=\"translang\"] a.facet-value");
    let value = b.find("nav#facets section.facet[data-facet=\"origlang\"] a.facet-value");
    // The count is in the link or beside it.
    let count_text = b
        .exec(
            "const a = arguments[0];
             const c = a.querySelector('.count') || a.parentElement.querySelector('.count');
             return c ? c.textContent : null;",
            vec![value.to_arg()],
        )
        .as_str()
        .unwrap_or_else(|| panic!("the origlang facet value {:?} has no .count", value.text()))
        .to_string();
    let facet_count = first_number(&count_text)
        .unwrap_or_else(|| panic!("no number in the facet's .count: {count_text:?}"));
    let label = value.text().replace(&count_text, "").trim().to_string();
    let before = b.url();
    value.click();
    let after = wait_url(&b, "the facet link changes the URL", |u| u != before);
    assert!(after.contains("origlang="), "facet URL: {after}");
    assert!(
        after.contains(&format!("q={QUERY}")),
        "the facet drops the query: {after}"
    );
    let selected =
        b.find_all("nav#facets section.facet[data-facet=\"origlang\"] a.facet-value.selected");
    assert_eq!(selected.len(), 1, "one origlang value should be selected");
    assert!(
        selected[0].text().contains(&label),
        "the selected value is {:?}, not {label:?}",
        selected[0].text()
    );
    let filtered = results_count(&b);
    assert!(filtered <= total, "{filtered} > {total} after a filter");
    assert_eq!(
        filtered, facet_count,
        "the facet promised {facet_count} documents"
    );

    // Open the first hit.
    let first = b.find("ol#results > li.hit a.hit-title");
    let title = first.text();
    first.click();
    let url = wait_url(&b, "the hit leads to its document", |u| {
        path_of(u).starts_with("/doc/")
    });
    assert!(
        url.contains("q=") && url.contains(QUERY),
        "document URL: {url}"
    );
    let h1 = b.find("h1#title").text();
    assert!(
        !h1.is_empty() && (title.contains(&h1) || h1.contains(&title)),
        "the document's title {h1:?} is not the hit's {title:?}"
    );
    b.find("#texts");
}

/// When there are more results than one page shows, `rel=next` leads to the
/// next page (and `true` is returned); otherwise there is none.
fn check_pagination(b: &Browser, total: u64) -> bool {
    let shown = b.find_all("ol#results > li.hit");
    assert!(!shown.is_empty(), "{total} documents but no li.hit");
    let next = b.try_find("nav.pagination a[rel=next]");
    if (shown.len() as u64) < total {
        let next = next.unwrap_or_else(|| {
            panic!(
                "{} of {total} shown and no nav.pagination a[rel=next]",
                shown.len()
            )
        });
        let first_page: Vec<String> = shown
            .iter()
            .map(|h| h.find("a.hit-title").attr("href").unwrap_or_default())
            .collect();
        let before = b.url();
        next.click();
        wait_url(b, "rel=next changes the URL", |u| u != before);
        let second_page: Vec<String> = b
            .find_all("ol#results > li.hit a.hit-title")
            .iter()
            .map(|a| a.attr("href").unwrap_or_default())
            .collect();
        assert!(!second_page.is_empty(), "the next page is empty");
        assert!(
            second_page.iter().all(|h| !first_page.contains(h)),
            "the next page repeats hits of the first"
        );
        true
    } else {
        assert!(
            next.is_none(),
            "all {total} documents are shown, yet there is a next page"
        );
        false
    }
}

/// A document: both texts side by side, pages with folios, turns and speakers,
/// editorial marks and the clean reading text, a permalink to a page, the
/// citation with its copy button and downloads.
#[test]
fn document_page_texts_marks_permalink_and_citation() {
    let Some((server, b)) = start("document", &[("marks.txt", marks_record())], 0) else {
        return;
    };
    let id = server.id_of(MARKS_WORD);
    let title = "Record of Conversation between V. P. Testov and A. N. Probin";
    b.goto(&server.url(&format!("/doc/{id}")));

    assert_eq!(b.find("h1#title").text(), title);
    assert_eq!(
        b.find("meta[name=\"citation_title\"]")
            .attr("content")
            .as_deref(),
        Some(title)
    );
    let meta = b.find("dl#meta");
    assert!(!meta.find_all("dt").is_empty(), "dl#meta has no dt");
    assert!(meta.text().contains("RGANI"), "dl#meta: {}", meta.text());
    // The panel for editors shows when the reading left notes, and only then.
    let stored = server.api(&format!("/api/documents/{id}"));
    let noted = stored["diagnostics"]
        .as_array()
        .is_some_and(|d| !d.is_empty());
    assert_eq!(b.try_find("details#diagnostics").is_some(), noted);

    // Side by side.
    let rows = b.find_all("#texts div.row");
    assert!(!rows.is_empty(), "no div.row in #texts");
    let row = rows
        .iter()
        .find(|r| {
            r.try_find(".cell.original").is_some() && r.try_find(".cell.translation").is_some()
        })
        .expect("no div.row with both .cell.original and .cell.translation");
    let original = row.find(".cell.original").rect();
    let translation = row.find(".cell.translation").rect();
    assert!(
        original.x < translation.x,
        "the original ({original:?}) is not left of the translation ({translation:?})"
    );
    assert!(
        original.y < translation.y + translation.height
            && translation.y < original.y + original.height,
        "the original ({original:?}) and the translation ({translation:?}) are not side by side"
    );
    assert!(
        original.x + original.width <= translation.x + 1.0,
        "the original ({original:?}) overlaps the translation ({translation:?})"
    );

    // Pages and folios.
    let folio_of = |page: &str| -> String {
        b.exec(
            "const e = document.getElementById(arguments[0]);
             if (!e) return null;
             const f = e.matches('.folio') ? e : (e.querySelector('.folio')
                 || (e.closest('.row') && e.closest('.row').querySelector('.folio')));
             return f ? f.textContent.trim() : '';",
            vec![json!(page)],
        )
        .as_str()
        .unwrap_or_else(|| panic!("no element with id {page}"))
        .to_string()
    };
    assert!(
        folio_of("p1").contains("13"),
        "p1's folio: {:?}",
        folio_of("p1")
    );
    let f2 = folio_of("p2");
    assert!(
        f2.contains("f.") && f2.contains("14"),
        "p2's folio should read f. 14: {f2:?}"
    );

    // Turns and speakers.
    let turns = b.find_all(".turn");
    assert!(
        turns.len() >= 13,
        "{} .turn elements for 13 turns",
        turns.len()
    );
    let t1 = b.find("#t1");
    b.find("#t2");
    let speaker = b
        .exec(
            "const t = document.getElementById('t1');
             const s = t.querySelector('.speaker') || (t.closest('.turn') || t).querySelector('.speaker');
             return s ? s.textContent : null;",
            vec![],
        )
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("#t1 has no .speaker: {}", t1.text()));
    assert!(
        speaker.contains("Тестов") || speaker.contains("Testov"),
        "the first speaker is {speaker:?}"
    );

    // Editorial marks.
    let ins = texts(&b.find_all("ins.mark-insertion"));
    assert!(
        ins.iter().any(|t| t.contains("Вопрос о рабочих")),
        "insertions: {ins:?}"
    );
    assert!(
        ins.iter()
            .any(|t| t.contains("The question of the workers")),
        "insertions: {ins:?}"
    );
    let deletions = b.find_all("del.mark-deletion");
    assert!(
        texts(&deletions).iter().any(|t| t.contains("Мы думаем")),
        "deletions: {:?}",
        texts(&deletions)
    );
    assert!(
        deletions.iter().all(|d| d.displayed()),
        "deletions hidden before the clean text"
    );
    let supplied = b.find_all(".mark-supplied");
    assert!(
        supplied.iter().any(|s| s.text().contains("them")),
        "supplied words: {:?}",
        texts(&supplied)
    );
    assert!(
        b.find_all(".mark-illegible").len() >= 2,
        "fewer than 2 .mark-illegible"
    );

    // The clean reading text hides the deletions and keeps the insertions.
    b.find("a#toggle-clean").click();
    b.wait_until("the clean text hides the deletions", WAIT, || {
        b.find_all("del.mark-deletion")
            .iter()
            .all(|d| !d.displayed())
            && !b.find("#texts").text().contains("Мы думаем")
    });
    let clean = b.find("#texts").text();
    for inserted in ["Вопрос о рабочих", "The question of the workers"] {
        assert!(
            clean.contains(inserted),
            "the clean text lost the insertion {inserted:?}"
        );
    }

    // Citation: copy, then the downloads.
    b.goto(&server.url(&format!("/doc/{id}")));
    let cite = b.find("section#cite");
    let note = cite.find("#cite-note").text();
    assert!(note.contains("Testov"), "#cite-note: {note:?}");
    let bib = cite.find("#cite-bib").text();
    assert!(bib.contains("Testov"), "#cite-bib: {bib:?}");
    b.grant_clipboard(&server.base);
    let copy = cite.find("button.copy[data-copy-target=\"cite-note\"]");
    copy.click();
    b.wait_until(
        "the copy button says Copied",
        Duration::from_secs(3),
        || copy.text().contains("Copied"),
    );

    let bibtex = download(&b, &server, "a#download-bibtex");
    assert!(
        bibtex.content_type.contains("bibtex") || bibtex.content_type.starts_with("text/"),
        "BibTeX served as {}",
        bibtex.content_type
    );
    assert!(
        bibtex.text.trim_start().starts_with('@'),
        "BibTeX: {}",
        bibtex.text
    );
    let ris = download(&b, &server, "a#download-ris");
    assert!(
        ris.content_type.contains("research-info-systems") || ris.content_type.starts_with("text/"),
        "RIS served as {}",
        ris.content_type
    );
    assert!(
        ris.text.trim_start().starts_with("TY  -"),
        "RIS: {}",
        ris.text
    );
    let csl = download(&b, &server, "a#download-csl");
    assert!(
        csl.content_type.contains("json"),
        "CSL-JSON served as {}",
        csl.content_type
    );
    let parsed: Value = serde_json::from_str(&csl.text)
        .unwrap_or_else(|e| panic!("CSL-JSON does not parse ({e}): {}", csl.text));
    let items = parsed
        .as_array()
        .unwrap_or_else(|| panic!("CSL-JSON is not an array: {parsed}"));
    assert_eq!(items.len(), 1, "CSL-JSON: {parsed}");
    assert_eq!(items[0]["title"], json!(title), "CSL-JSON: {parsed}");

    // A permalink to page 2 opens with page 2 on the screen.
    let p2 = viewport_rect(&b, "p2");
    assert!(
        p2["top"].as_f64().unwrap() > p2["height"].as_f64().unwrap(),
        "page 2 already on the first screen, so the permalink test proves nothing: {p2}"
    );
    b.goto("about:blank");
    b.goto(&server.url(&format!("/doc/{id}#p2")));
    let mut rect = Value::Null;
    b.wait_until("#p2 is in the viewport", WAIT, || {
        rect = viewport_rect(&b, "p2");
        let top = rect["top"].as_f64().unwrap_or(f64::NAN);
        top >= -2.0 && top < rect["height"].as_f64().unwrap_or(0.0)
    });
    assert!(
        rect["scrollY"].as_f64().unwrap() > 0.0,
        "no scroll to #p2: {rect}"
    );
}

struct Download {
    content_type: String,
    text: String,
}

/// Follows the link `css` with a plain HTTP GET.
fn download(b: &Browser, server: &Server, css: &str) -> Download {
    let href = b
        .find(css)
        .attr("href")
        .unwrap_or_else(|| panic!("{css} has no href"));
    let r = server.get(&path_of(&href));
    assert_eq!(r.status, 200, "GET {href} ({css}): {}", r.text());
    Download {
        content_type: r.header("content-type").unwrap_or_default().to_string(),
        text: r.text(),
    }
}

/// Markup in a record is shown as text, never run, on the document page and
/// in the search results.
#[test]
fn hostile_markup_is_shown_as_text() {
    let Some((server, b)) = start("hostile", &[("hostile.txt", hostile_record())], 0) else {
        return;
    };
    let id = server.id_of(HOSTILE_WORD);
    for path in [
        format!("/doc/{id}"),
        format!("/search?q={HOSTILE_WORD}"),
        format!("/search?q=telegram+{HOSTILE_WORD}"),
    ] {
        b.goto(&server.url(&path));
        let effects = script_effects(&b);
        assert!(effects.is_empty(), "{path}: {}", effects.join("; "));
        if path.starts_with("/doc/") {
            let text = body_text(&b);
            for payload in PAYLOADS {
                assert!(text.contains(payload), "{path}: the text lacks {payload:?}");
            }
            let h1 = b.find("h1#title").text_content();
            assert!(h1.contains(TITLE_PAYLOAD), "{path}: the title reads {h1:?}");
            assert!(
                b.title().contains(TITLE_PAYLOAD),
                "{path}: the page title reads {:?}",
                b.title()
            );
        }
    }
}

/// What the hostile record's markup would do if a page wrote it out
/// unescaped: an alert, a changed title, elements made from it. Empty when
/// none happened.
fn script_effects(b: &Browser) -> Vec<String> {
    // Give an image's onerror a moment to fire.
    std::thread::sleep(Duration::from_millis(300));
    let mut effects = Vec::new();
    if let Some(text) = b.alert_text() {
        b.dismiss_alert();
        effects.push(format!("an alert opened ({text:?})"));
        // Scripts after the first alert may have opened more.
        while b.alert_text().is_some() {
            b.dismiss_alert();
        }
    }
    if b.title() == "pwned" {
        effects.push("an onerror handler changed the title".into());
    }
    let injected = b.exec(
        "return [
           ...document.querySelectorAll('img[src=x], img[onerror], svg[onload]'),
           ...[...document.scripts].filter(s => s.textContent.includes('alert('))
         ].map(e => e.outerHTML.slice(0, 80));",
        vec![],
    );
    if injected.as_array().is_some_and(|a| !a.is_empty()) {
        effects.push(format!("the record's markup became elements: {injected}"));
    }
    effects
}

/// Screenshots of home, results, a document, the people and a person at
/// desktop and phone widths;
/// on a phone the pages use the device width and do not scroll sideways.
#[test]
fn screenshots_at_desktop_and_phone_widths() {
    let Some((server, b)) = start("screenshots", &[], 0) else {
        return;
    };
    let hit = server.api(&format!("/api/search?q={QUERY}"));
    let id = hit["hits"][0]["id"].as_str().expect("a hit").to_string();
    let persons = server.api("/api/persons?limit=1");
    let person = persons["items"][0]["id"]
        .as_str()
        .expect("a person")
        .to_string();
    let pages = [
        ("home", "/".to_string()),
        ("results", format!("/search?q={QUERY}")),
        ("document", format!("/doc/{id}")),
        ("people", "/people".to_string()),
        ("person", format!("/person/{}", percent_encode(&person))),
    ];
    let mut problems = Vec::new();
    for (device, width) in [
        ("desktop", webdriver::DESKTOP.0),
        ("phone", webdriver::PHONE.0),
    ] {
        if device == "phone" {
            b.phone();
        } else {
            b.desktop();
        }
        for (name, path) in &pages {
            b.goto(&server.url(path));
            b.screenshot(&format!("{name}-{device}.png"));
            if let Some(problem) = overflow(&b, width) {
                problems.push(format!("{name} on a {device}: {problem}"));
            }
        }
    }
    b.desktop();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Whether the page fits a screen `width` CSS pixels wide: it asks for the
/// device width, and nothing sticks out to the right (on a phone Chrome widens
/// the layout viewport to fit such content, and the reader must zoom or pan).
/// The widest offenders are named.
fn overflow(b: &Browser, width: u32) -> Option<String> {
    let v = b.exec(
        "const w = arguments[0];
         const meta = document.querySelector('meta[name=viewport]');
         const one = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
             + [...e.classList].map(c => '.' + c).join('');
         const describe = e => [e.parentElement && e.parentElement.parentElement,
                                e.parentElement, e]
             .filter(x => x && x !== document.body).map(one).join(' > ');
         const wide = [...document.body.querySelectorAll('*')]
             .filter(e => e.getBoundingClientRect().right > w + 1)
             .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))
             .map(e => describe(e) + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ')')
             .slice(0, 6);
         return {inner: window.innerWidth,
                 scroll: document.documentElement.scrollWidth,
                 meta: meta ? meta.content : null, wide};",
        vec![json!(width)],
    );
    let inner = v["inner"].as_u64().unwrap_or(0);
    let scroll = v["scroll"].as_u64().unwrap_or(0);
    let meta = v["meta"].as_str().unwrap_or("");
    if !meta.contains("width=device-width") {
        return Some(format!(
            "no <meta name=viewport content=\"width=device-width\"> (found {meta:?})"
        ));
    }
    if inner > u64::from(width) || scroll > u64::from(width) + 1 {
        return Some(format!(
            "the content is {} px wide on a {width} px screen; sticking out: {}",
            inner.max(scroll),
            v["wide"]
        ));
    }
    None
}

/// An unknown page is a 404 with an HTML page that says so.
#[test]
fn unknown_pages_are_404_html() {
    if !browser_installed() {
        return;
    }
    let server = Server::start(&[], 0);
    for path in ["/no/such/page", "/doc/no-such-document"] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "GET {path}");
        let ct = r.header("content-type").unwrap_or_default();
        assert!(ct.starts_with("text/html"), "GET {path}: served as {ct}");
        assert!(
            r.text().contains("<h1"),
            "GET {path}: no h1 in {}",
            r.text()
        );
    }
    let b = Browser::start("not-found", &screenshot_dir());
    b.goto(&server.url("/no/such/page"));
    assert!(
        !b.find("h1").text().is_empty(),
        "the 404 page's h1 is empty"
    );
}

/// A documentary edition's volume in the shape of the Office of the
/// Historian's TEI, written for this test: one document with a source note,
/// two footnotes and a heading in the margin, and no translation.
fn edition_volume() -> String {
    r#"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="edtest1931v02">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="complete">Papers Relating to an Imagined Series, 1931, Volume II</title>
        <editor role="primary">Ada Quill</editor>
      </titleStmt>
      <publicationStmt>
        <publisher>Example Printing Office</publisher>
        <pubPlace>Riverton</pubPlace>
        <date>1946</date>
      </publicationStmt>
      <sourceDesc><p>Written for a test.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="chapter">
        <pb n="41"/>
        <div type="document" xml:id="d7" n="7" frus:doc-dateTime-min="1931-03-02T00:00:00" frus:doc-dateTime-max="1931-03-02T23:59:59">
          <head>The Consul at Riverton (Marsh) to the Secretary of State<note rend="inline" type="source">File No. 512.34/567: Telegram</note></head>
          <dateline><placeName>Riverton</placeName>, <date when="1931-03-02">March 2, 1931</date>.</dateline>
          <p>The quarantine of the harbour was lifted this morning<note n="1">Not printed.</note> and the Wendelmoor sailed at noon.<note n="2">See telegram No. 12 of February 27.</note> <seg type="margin">Harbour Reopened</seg></p>
          <p>The pilots report that the channel markers stand where the chart places them.</p>
          <closer><signed>Marsh</signed></closer>
        </div>
      </div>
    </body>
  </text>
</TEI>
"#
    .to_string()
}

/// A document of a printed volume reads as one text across the page, its
/// footnotes numbered and listed apart from the words, its margin heading
/// beside its paragraph; it is cited as printed in its volume; and the page
/// shows no legend of marks and no notes for editors when it has none.
#[test]
fn a_printed_volume_document_reads_and_cites_well() {
    let volume = ("edtest1931v02.xml", edition_volume());
    let Some((server, b)) = start("edition", &[volume], 0) else {
        return;
    };
    let id = "edtest1931v02-d7";
    b.desktop();
    b.goto(&server.url(&format!("/doc/{id}")));
    b.wait_for("#texts", WAIT);

    // One text: it reads at a full measure, not in half the texts' area.
    let widths = b.exec(
        "const cell = document.querySelector('#texts .row:not(.head) .cell');
         return [cell.getBoundingClientRect().width,
                 document.getElementById('texts').getBoundingClientRect().width];",
        vec![],
    );
    let (cell, area) = (widths[0].as_f64().unwrap(), widths[1].as_f64().unwrap());
    assert!(cell > area * 0.55, "the one text is {cell} px of {area}");

    // The footnotes are listed, numbered, and not in the running words.
    let paragraph = b
        .exec(
            "const p = document.querySelector('#texts p.paragraph').cloneNode(true);
             p.querySelectorAll('.margin-heading').forEach(m => m.remove());
             return p.textContent;",
            vec![],
        )
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        paragraph.contains("lifted this morning1 and"),
        "{paragraph}"
    );
    assert!(
        !paragraph.contains("Not printed") && !paragraph.contains("Harbour Reopened"),
        "{paragraph}"
    );
    let notes = texts(&b.find_all("#texts ol.footnotes li"));
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].starts_with("Not printed.") && notes[1].starts_with("See telegram No. 12"));
    let refs = texts(&b.find_all("#texts sup.note-ref"));
    assert_eq!(refs, ["1", "2"]);
    // A note's number leads to the note and back.
    b.find("#texts sup.note-ref a").click();
    wait_url(&b, "the first note's anchor", |u| u.ends_with("#n0-1"));
    let margin = b.find("#texts .margin-heading");
    assert_eq!(margin.text_content(), "Harbour Reopened");
    // Beside the paragraph, at its top, not after its last line.
    let tops = b.exec(
        "const m = document.querySelector('#texts .margin-heading').getBoundingClientRect();
         const p = document.querySelector('#texts p.paragraph').getBoundingClientRect();
         return [m.top - p.top, m.left - p.left];",
        vec![],
    );
    assert!(tops[0].as_f64().unwrap().abs() < 5.0, "{tops}");
    assert!(tops[1].as_f64().unwrap() > 100.0, "{tops}");

    // Nothing to explain, nothing shown.
    assert!(
        b.try_find(".legend").is_none(),
        "a legend of marks the text has not"
    );
    assert!(b.try_find("#toggle-clean").is_none());
    assert!(
        b.try_find("#diagnostics").is_none(),
        "an empty panel for editors"
    );

    // Cited as what it is: the volume, the document's number, the imprint,
    // and the file it is kept in, with no archive called "File".
    let note = b.find("#cite-note").text_content();
    assert!(
        note.contains("in Papers Relating to an Imagined Series, 1931, Volume II, no. 7 (1931; Example Printing Office, 1946), RG 59, 512.34/567, Department of State, Central Decimal File"),
        "{note}"
    );
    let meta = b.find("dl#meta").text_content();
    assert!(meta.contains("Printed in"), "{meta}");
    assert!(
        meta.contains("Document 7 (Riverton: Example Printing Office, 1946), edited by Ada Quill"),
        "{meta}"
    );
    b.screenshot("edition-document-desktop.png");
    b.phone();
    b.goto(&server.url(&format!("/doc/{id}")));
    b.wait_for("#texts", WAIT);
    assert_eq!(overflow(&b, 390), None);
    b.screenshot("edition-document-phone.png");
}

/// A record whose header and citation state different dates, each in its
/// own words.
fn conflicting_dates_record() -> String {
    "\n\n## **3 March, 1958**\n\n\
     ### **Note on the Quarrymen's Petition**\n\n\
     #### **Citation:**\n\n\
     \"Note on the Quarrymen's Petition\", April 5th, 1957, Wilson Center Digital Archive, \
     GARF, f. 9401, op. 2, d. 77, ll. 3-4.  \n\
     <https://digitalarchive.example.org/document/990778>\n\n\
     #### **Summary:**\n\n\
     A note on the Wexbridge quarrymen's petition about wages.\n\n\
     #### **Original Language:**\n\nEnglish\n\n\
     The quarrymen of Wexbridge ask for the wages promised in the autumn.\n"
        .to_string()
}

/// Results give a date in one normalised form beside the source's words; a
/// document whose parts disagree on the date says so on its page, and says
/// which date the archive holds it by.
#[test]
fn dates_read_in_one_form_and_conflicts_are_said() {
    let record = ("conflicting_dates.txt", conflicting_dates_record());
    let Some((server, b)) = start("dates", &[record], 0) else {
        return;
    };
    b.desktop();
    b.goto(&server.url("/search?q=Wexbridge"));
    let meta = b.find("ol#results li.hit .hit-meta");
    let time = meta.find("time");
    assert_eq!(time.text(), "3 March 1958");
    assert_eq!(time.attr("datetime").as_deref(), Some("1958-03-03"));
    assert!(
        meta.text().contains("(\u{201c}3 March, 1958\u{201d})"),
        "{}",
        meta.text()
    );

    b.find("ol#results li.hit a.hit-title").click();
    b.wait_for("dl#meta", WAIT);
    let dates = b.find("dl#meta").text();
    assert!(
        dates.contains("3 March 1958") && dates.contains("5 April 1957"),
        "{dates}"
    );
    let held = b.find_all(".date-held");
    assert_eq!(held.len(), 1, "one date is the archive's");
    // The disagreement is said where the dates are, not in a closed panel.
    let note = b.find("dl#meta .date-conflict");
    assert!(note.text().contains("disagree"), "{}", note.text());
    let visible = b.exec(
        "const n = document.querySelector('.date-conflict');
         return n.offsetParent !== null && !n.closest('details');",
        vec![],
    );
    assert_eq!(visible, json!(true));
    b.screenshot("dates-desktop.png");
    let page = b.url();
    b.phone();
    b.goto(&page);
    b.wait_for("dl#meta .date-conflict", WAIT);
    b.screenshot("dates-phone.png");
}

/// The results page has a heading, says which filters are in force with a
/// link to take each away (on a phone, above the results), and when
/// nothing matches offers the words without their filters, a spelling a
/// letter away and the help.
#[test]
fn results_show_filters_in_force_and_help_when_nothing_matches() {
    let Some((server, b)) = start("results", &[], 0) else {
        return;
    };
    b.phone();
    b.goto(&server.url(&format!("/search?q={QUERY}&origlang=ru")));
    assert!(b.find("h1#results-heading").text().contains(QUERY));
    b.find("header.site a.query-help[href=\"/help\"]");
    let chips = b.find_all("#active-filters a.active-filter");
    assert_eq!(texts(&chips).len(), 1, "{:?}", texts(&chips));
    assert!(
        chips[0].text().contains("Original language: ru"),
        "{}",
        chips[0].text()
    );
    let tops = b.exec(
        "return [document.getElementById('active-filters').getBoundingClientRect().top,
                 document.getElementById('results').getBoundingClientRect().top];",
        vec![],
    );
    assert!(
        tops[0].as_f64().unwrap() < tops[1].as_f64().unwrap(),
        "the filters stand below the results on a phone: {tops}"
    );
    assert_eq!(overflow(&b, 390), None);
    b.screenshot("results-filters-phone.png");
    let filtered = results_count(&b);
    chips[0].click();
    let url = wait_url(&b, "the filter is taken away", |u| !u.contains("origlang"));
    assert!(url.contains(&format!("q={QUERY}")), "{url}");
    assert!(b.try_find("#active-filters").is_none());
    assert!(results_count(&b) > filtered);

    // Nothing with the filters: the words alone, a letter away, the help.
    b.desktop();
    b.goto(&server.url(&format!("/search?q={QUERY}&origlang=ko&type=telegram")));
    assert_eq!(results_count(&b), 0);
    let without = b.find("#no-results a#without-filters");
    assert!(b.find("#no-results").text().contains("finds"));
    b.find("#no-results a#fuzzy-search");
    b.find("#no-results a[href=\"/help\"]");
    without.click();
    wait_url(&b, "the search without its filters", |u| {
        !u.contains("origlang")
    });
    assert!(results_count(&b) > 0);
}

// ---------------------------------------------------------------------------
// Accessibility

/// The WCAG 2.0 and 2.1 levels A and AA, the rules axe-core checks pages by.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The source of axe-core (`scripts/install-axe.sh` puts it in `$FONDS_AXE`,
/// by default ~/.cache/fonds-axe), or `None` when it is not installed: a skip
/// with a note or, under CI, a failure.
fn axe_source() -> Option<String> {
    let dir = match std::env::var_os("FONDS_AXE") {
        Some(dir) => PathBuf::from(dir),
        None => {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/fonds-axe")
        }
    };
    let file = dir.join("node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&file) {
        Ok(source) => Some(source),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!(
                "{}: {e}: run scripts/install-axe.sh before the tests",
                file.display()
            )
        }
        Err(_) => {
            eprintln!(
                "note: accessibility test skipped: {} is missing (run scripts/install-axe.sh)",
                file.display()
            );
            None
        }
    }
}

/// Runs axe-core on the page the browser shows, with the rules of
/// `AXE_TAGS`: the rules broken (`violations`) and those axe could not
/// decide (`incomplete`), each with the nodes concerned: their selector, HTML,
/// axe's summary of what fails, and the data of the checks (for
/// color-contrast: the colours, the font and the contrast ratio).
fn run_axe(b: &Browser, source: &str) -> Value {
    // Runtime.evaluate is not bound by the page's script-src 'self'.
    b.evaluate(&format!("{source}\n;void 0"));
    let script = format!(
        "axe.run(document, {{runOnly: {{type: 'tag', values: {tags}}},
                             resultTypes: ['violations', 'incomplete']}})
           .then(r => {{
             const target = n => n.target
               .map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' | ');
             const checks = n => [...n.any, ...n.all, ...n.none]
               .filter(c => c.data !== null && c.data !== undefined)
               .map(c => ({{id: c.id, message: c.message, data: c.data}}));
             const node = n => ({{target: target(n), html: n.html,
                                 failureSummary: n.failureSummary, checks: checks(n)}});
             const rule = v => ({{id: v.id, impact: v.impact, help: v.help,
                                 helpUrl: v.helpUrl, nodes: v.nodes.map(node)}});
             return {{version: axe.version, url: location.href,
                     violations: r.violations.map(rule),
                     incomplete: r.incomplete.map(rule)}};
           }})",
        tags = json!(AXE_TAGS)
    );
    let result = b.evaluate(&script);
    assert!(
        result["violations"].is_array() && result["incomplete"].is_array(),
        "axe-core did not answer with results on {}: {result}",
        b.url()
    );
    result
}

/// axe-core (WCAG 2.0 and 2.1, A and AA) finds nothing serious or critical on
/// home, results, a document with its original and translation side by side,
/// the people and a person, at desktop and phone widths. Everything it finds
/// is written to `target/screenshots/axe-report.json`.
#[test]
fn axe_finds_no_serious_accessibility_violations() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some((server, b)) = start("axe", &[("marks.txt", marks_record())], 0) else {
        return;
    };
    let id = server.id_of(MARKS_WORD);
    let persons = server.api("/api/persons?limit=1");
    let person = persons["items"][0]["id"]
        .as_str()
        .expect("a person")
        .to_string();
    let pages = [
        ("home", "/".to_string()),
        ("results", format!("/search?q={QUERY}")),
        ("document", format!("/doc/{id}")),
        ("people", "/people".to_string()),
        ("person", format!("/person/{}", percent_encode(&person))),
    ];
    for (name, path) in &pages {
        let status = server.get(path).status;
        assert_eq!(status, 200, "the {name} page {path} answers {status}");
    }

    let mut report = Vec::new();
    let mut serious = Vec::new();
    let mut summary = Vec::new();
    for (device, width) in [
        ("desktop", webdriver::DESKTOP.0),
        ("phone", webdriver::PHONE.0),
    ] {
        if device == "phone" {
            b.phone();
        } else {
            b.desktop();
        }
        for (name, path) in &pages {
            b.goto(&server.url(path));
            if *name == "document" {
                b.wait_for("#texts .row .cell.original + .cell.translation", WAIT);
            }
            let result = run_axe(&b, &axe);
            let violations = result["violations"].as_array().unwrap();
            let incomplete = result["incomplete"].as_array().unwrap();
            summary.push(format!(
                "{name} ({device}, {width} px): {} violation(s), {} rule(s) to review",
                violations.len(),
                incomplete.len()
            ));
            for v in violations {
                let rule = v["id"].as_str().unwrap_or("?");
                let impact = v["impact"].as_str().unwrap_or("?");
                let nodes = v["nodes"].as_array().map(Vec::as_slice).unwrap_or(&[]);
                summary.push(format!(
                    "  {rule} ({impact}, {} node(s)): {}",
                    nodes.len(),
                    v["help"].as_str().unwrap_or_default()
                ));
                for n in nodes {
                    let target = n["target"].as_str().unwrap_or("?");
                    let html: String = n["html"]
                        .as_str()
                        .unwrap_or_default()
                        .chars()
                        .take(120)
                        .collect();
                    summary.push(format!("    {target}: {html}"));
                    if impact == "serious" || impact == "critical" {
                        serious.push(format!(
                            "{name} ({path}) at {device} width {width}: {rule} ({impact}) on {target}"
                        ));
                    }
                }
            }
            report.push(json!({
                "page": name,
                "path": path,
                "device": device,
                "width": width,
                "axe": result["version"],
                "tags": AXE_TAGS,
                "violations": result["violations"],
                "incomplete": result["incomplete"],
            }));
        }
    }
    b.desktop();

    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).expect("create the screenshot folder");
    let file = dir.join("axe-report.json");
    let text = serde_json::to_string_pretty(&json!({ "pages": report })).unwrap();
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
    println!(
        "axe-core on {} pages; report: {}",
        pages.len(),
        file.display()
    );
    println!("{}", summary.join("\n"));
    assert!(
        serious.is_empty(),
        "{} serious or critical accessibility violation(s) (details in {}):\n{}",
        serious.len(),
        file.display(),
        serious.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Moving around, browsing, downloading

/// A printed volume of two chapters: documents 1 and 2 under "The Harbour",
/// document 10 under "The Railway", dated so that their dates and their
/// numbers give different orders (10 is dated before 2).
fn chaptered_volume() -> String {
    let doc = |n: u32, day: &str, stated: &str, words: &str| {
        format!(
            r#"        <div type="document" xml:id="d{n}" n="{n}" frus:doc-dateTime-min="{day}T00:00:00" frus:doc-dateTime-max="{day}T23:59:59">
          <head>The Consul at Riverton (Marsh) to the Secretary of State<note rend="inline" type="source">File No. 512.34/{n}: Telegram</note></head>
          <dateline><placeName>Riverton</placeName>, <date when="{day}">{stated}</date>.</dateline>
          <p>{words}</p>
          <closer><signed>Marsh</signed></closer>
        </div>
"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="tocvol1931v04">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="complete">Papers Relating to an Imagined Series, 1931, Volume IV</title>
        <editor role="primary">Ada Quill</editor>
      </titleStmt>
      <publicationStmt>
        <publisher>Example Printing Office</publisher>
        <pubPlace>Riverton</pubPlace>
        <date>1947</date>
      </publicationStmt>
      <sourceDesc><p>Written for a test.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="chapter">
        <head>The Harbour<note n="1">For earlier papers, see volume III.</note></head>
        <pb n="1"/>
{}{}      </div>
      <div type="chapter">
        <head>The Railway</head>
{}      </div>
    </body>
  </text>
</TEI>
"#,
        doc(
            1,
            "1931-03-02",
            "March 2, 1931",
            "The quarantine of the harbour was lifted and the Wendelmoor sailed."
        ),
        doc(
            2,
            "1931-05-10",
            "May 10, 1931",
            "The harbour dues were lowered; the Wendelmoor returned to the harbour with grain."
        ),
        doc(
            10,
            "1931-04-01",
            "April 1, 1931",
            "The railway to the harbour reopened after the floods."
        ),
    )
}

/// The first line of a page, in CSS pixels from the top of the document, where
/// the texts begin.
fn texts_top(b: &Browser) -> f64 {
    b.exec(
        "return document.querySelector('#texts .row:not(.head) .cell').getBoundingClientRect().top + window.scrollY;",
        vec![],
    )
    .as_f64()
    .expect("a number")
}

/// Browsing without a query: the index of ways in, a volume's table of
/// contents under its chapters and in the order of its numbers, a year by
/// its months, a kind of document; and a document's previous and next in
/// its volume.
#[test]
fn browse_a_volume_by_its_contents_and_step_through_it() {
    let volume = ("tocvol1931v04.xml", chaptered_volume());
    let Some((server, b)) = start("browse", &[volume], 0) else {
        return;
    };
    b.desktop();
    b.goto(&server.url("/"));
    b.find("header.site a[href='/browse']").click();
    b.wait_for("#by-collection", WAIT);
    for section in [
        "#by-archive",
        "#by-collection",
        "#by-type",
        "#by-person",
        "#by-year",
    ] {
        assert!(b.try_find(section).is_some(), "/browse has no {section}");
    }
    b.screenshot("browse-desktop.png");
    let link = b
        .find_all("#by-collection a")
        .into_iter()
        .find(|a| a.text().contains("Imagined Series, 1931, Volume IV"))
        .expect("the volume among the collections");
    link.click();
    b.wait_for("#toc", WAIT);
    let headings = texts(&b.find_all("#toc .toc-heading"));
    assert_eq!(
        headings,
        ["The Harbour", "The Railway"],
        "chapters, notes left out"
    );
    // In the order of the volume's numbers, each numbered as printed.
    let numbers: Vec<String> = b
        .find_all("#toc ol.toc li")
        .iter()
        .map(|li| li.attr("value").unwrap_or_default())
        .collect();
    assert_eq!(numbers, ["1", "2", "10"]);
    b.screenshot("volume-contents-desktop.png");

    // Document 2: its neighbours in the volume are 1 and 10.
    b.find_all("#toc ol.toc li a")[1].click();
    b.wait_for("nav.doc-bar", WAIT);
    assert!(b.url().ends_with("/doc/tocvol1931v04-d2"), "{}", b.url());
    let bar = b.find("nav.doc-bar").text();
    assert!(bar.contains("2 of 3"), "the bar: {bar}");
    b.find("#next-document").click();
    wait_url(&b, "document 10", |u| u.ends_with("/doc/tocvol1931v04-d10"));
    assert!(
        b.try_find("#next-document").is_none(),
        "the last has no next"
    );
    b.find("#previous-document").click();
    wait_url(&b, "document 2", |u| u.ends_with("/doc/tocvol1931v04-d2"));

    // A year by its months, oldest first.
    b.goto(&server.url("/browse"));
    b.find("#by-year a[href='/year/1931']").click();
    b.wait_for("#toc", WAIT);
    let months = texts(&b.find_all("#toc .toc-heading"));
    assert_eq!(months, ["March 1931", "April 1931", "May 1931"]);

    // A kind of document, from the home page.
    b.goto(&server.url("/"));
    b.find("ul.facet[data-facet='type'] a[href='/type/telegram']")
        .click();
    b.wait_for("#toc", WAIT);
    assert!(b.find("h1").text().contains("telegram"));
    assert!(!b.find_all("#toc ol.toc li").is_empty());
}

/// A document opened from the results: its text starts near the top of the
/// page, a bar leads back to the results and on to the next result, the
/// matches of the search can be stepped through, and the contents lead to a
/// turn.
#[test]
fn a_document_is_read_from_the_top_and_moved_around_in() {
    let volume = ("tocvol1931v04.xml", chaptered_volume());
    let Some((server, b)) = start("around", &[("marks.txt", marks_record()), volume], 0) else {
        return;
    };
    // The text begins within the first screen, at both widths.
    let id = server.id_of(MARKS_WORD);
    for (width, most) in [("desktop", 500.0), ("phone", 700.0)] {
        if width == "desktop" {
            b.desktop();
        } else {
            b.phone();
        }
        b.goto(&server.url(&format!("/doc/{id}")));
        b.wait_for("#texts", WAIT);
        let top = texts_top(&b);
        eprintln!("{width}: the texts begin {top}px down");
        assert!(top < most, "{width}: the texts begin {top}px down");
        b.screenshot(&format!("document-top-{width}.png"));
    }
    b.desktop();

    // Contents: a turn of the original, by its speaker and first words.
    b.goto(&server.url(&format!("/doc/{id}")));
    b.find("details#contents summary").click();
    let turn = b.find("details#contents ol.contents-turns li:nth-child(2) a");
    assert!(turn.text().contains("Пробин"), "{}", turn.text());
    turn.click();
    wait_url(&b, "turn 2", |u| u.ends_with("#t2"));
    let r = viewport_rect(&b, "t2");
    assert!(
        r["top"].as_f64().unwrap() >= -1.0 && r["top"].as_f64().unwrap() < 900.0,
        "{r}"
    );

    // From the results of a search: back, next, and the matches.
    b.goto(&server.url("/search?q=harbour&sort=date"));
    b.wait_for("#results", WAIT);
    let total = results_count(&b);
    assert_eq!(total, 3, "the three documents of the volume");
    b.find("#results li.hit a.hit-title").click();
    b.wait_for("nav.doc-bar #back-to-results", WAIT);
    assert!(b.url().contains("/doc/tocvol1931v04-d1"), "{}", b.url());
    assert!(
        b.try_find("#previous-result").is_none(),
        "the first has no previous"
    );
    let count = b.find("#match-count").text();
    let matches = first_number(&count).unwrap_or(0);
    assert!(matches >= 1, "{count}");
    b.find("#next-match").click();
    b.wait_until("the first match is the current one", WAIT, || {
        b.try_find("mark#hit-1.current").is_some()
    });
    b.screenshot("document-matches-desktop.png");
    // Next result, in the order of the search (by date): document 10.
    b.find("#next-result").click();
    wait_url(&b, "the second result", |u| {
        u.contains("/doc/tocvol1931v04-d10")
    });
    assert!(b.find("nav.doc-bar").text().contains("2 of 3"));
    b.find("#back-to-results").click();
    let back = wait_url(&b, "the results", |u| u.contains("/search?"));
    assert!(
        back.contains("q=harbour") && back.contains("sort=date"),
        "{back}"
    );

    // A misspelt word: the word of the texts it is near is offered.
    b.goto(&server.url("/search?q=harbuor"));
    let offer = b.wait_for("#did-you-mean", WAIT);
    assert!(offer.text().contains("harbour"), "{}", offer.text());
    offer.click();
    b.wait_for("#results li.hit", WAIT);
    assert_eq!(results_count(&b), 3);
}

/// A document's texts as plain text, the reading view as it prints (and
/// saves as PDF), and a list of results as CSV, RIS and BibTeX.
#[test]
fn texts_and_results_download_and_print() {
    let volume = ("tocvol1931v04.xml", chaptered_volume());
    let Some((server, b)) = start("downloads", &[("marks.txt", marks_record()), volume], 0) else {
        return;
    };
    b.desktop();
    let id = server.id_of(MARKS_WORD);
    b.goto(&server.url(&format!("/doc/{id}")));
    b.wait_for("#texts", WAIT);
    let text = download(&b, &server, "#plain-text");
    assert!(
        text.content_type.starts_with("text/plain"),
        "{}",
        text.content_type
    );
    assert!(text
        .text
        .starts_with("Record of Conversation between V. P. Testov"));
    assert!(
        text.text.contains("== Original (Russian) =="),
        "{}",
        text.text
    );
    assert!(text.text.contains("== Translation (English) =="));
    assert!(text.text.contains("[page 2, f. 14]"), "{}", text.text);
    assert!(!text.text.contains("~~") && !text.text.contains("<sup>"));

    // Printed, the page keeps the texts and drops what a page of paper
    // cannot use.
    b.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}));
    assert!(b.find("#texts").displayed());
    for gone in ["header.site", ".text-tools", "section#cite"] {
        assert!(!b.find(gone).displayed(), "{gone} is printed");
    }
    let pdf = b.cdp("Page.printToPDF", json!({}));
    let bytes = webdriver::base64_decode(pdf["data"].as_str().expect("PDF data")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    b.cdp("Emulation.setEmulatedMedia", json!({"media": ""}));

    // The results as files: one row or entry per result.
    b.goto(&server.url("/search?q=harbour"));
    b.wait_for("#results", WAIT);
    let n = results_count(&b) as usize;
    let csv = download(&b, &server, "#results-csv");
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    let rows: Vec<&str> = csv.text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        rows.len(),
        n + 1,
        "a header and a row per result: {}",
        csv.text
    );
    assert!(rows[0].starts_with("id,title,date"));
    assert!(csv.text.contains("tocvol1931v04-d10"));
    let ris = download(&b, &server, "#results-ris");
    assert_eq!(
        ris.text.matches("\nER  -").count() + usize::from(ris.text.starts_with("ER  -")),
        n,
        "{}",
        ris.text
    );
    let bib = download(&b, &server, "#results-bib");
    assert_eq!(
        bib.text.matches("\n@").count() + usize::from(bib.text.starts_with('@')),
        n,
        "{}",
        bib.text
    );
}

/// The notes for editors say where in the page they belong (a turn or a
/// page, linked) and quote no markup and no line of a source file.
#[test]
fn notes_for_editors_point_into_the_page() {
    let seed = std::fs::read_dir(repo_root().join("../shared/seed"))
        .ok()
        .and_then(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "txt"))
        });
    let Some(seed) = seed else {
        eprintln!("skipped: no seed record in ../shared/seed");
        return;
    };
    let record = std::fs::read_to_string(&seed).expect("the seed record reads");
    let Some((server, b)) = start("notes", &[("seed.txt", record.clone())], 0) else {
        return;
    };
    b.desktop();
    // The seed among the demo's documents: the one with its address.
    let address = record
        .split(['<', '>'])
        .find(|s| s.starts_with("https://"))
        .expect("the seed record gives its address");
    let hits = server.api("/api/search?q=*&limit=100");
    let id = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .find(|id| server.api(&format!("/api/documents/{id}"))["citation"]["url"] == address)
        .expect("the seed is imported");
    b.goto(&server.url(&format!("/doc/{id}")));
    b.find("details#diagnostics summary").click();
    let notes = texts(&b.find_all("details#diagnostics li"));
    assert!(!notes.is_empty());
    for n in &notes {
        assert!(
            !n.contains('<') && !n.contains("(line "),
            "a note quotes the source: {n}"
        );
    }
    // A note about a turn links to it, and the turn it names is the one linked.
    let link = b
        .find_all("details#diagnostics a.note-place")
        .into_iter()
        .find(|a| a.attr("href").is_some_and(|h| h.starts_with("#t")))
        .expect("a note that links to a turn");
    let href = link.attr("href").unwrap();
    let n: String = href
        .trim_start_matches("#t")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(
        link.text().contains(&format!("turn {n}")),
        "{} -> {href}",
        link.text()
    );
    let li_text = b.exec(
        "return arguments[0].closest('li').textContent;",
        vec![link.to_arg()],
    );
    let li_text = li_text.as_str().unwrap_or_default().to_string();
    if li_text.contains("original turn ") {
        assert!(
            li_text.contains(&format!("original turn {n} ")),
            "{li_text}"
        );
    }
    link.click();
    wait_url(&b, "the turn", |u| u.ends_with(&href));
    let r = viewport_rect(&b, href.trim_start_matches('#'));
    assert!(r["top"].as_f64().unwrap() < 900.0, "{r}");
    b.screenshot("notes-for-editors-desktop.png");
}

/// Presses a key (a character, or a WebDriver key code such as `\u{E004}`
/// for Tab) on whatever has the focus.
fn press(b: &Browser, key: &str) {
    b.cmd(
        "POST",
        "/actions",
        Some(
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key},
                {"type": "keyUp", "value": key},
            ]}]}),
        ),
    );
}

/// The reader works from the keyboard: Tab reaches the filters of a search,
/// with a visible focus, and Enter applies one; on a document the keys n
/// and p step through the matches.
#[test]
fn filters_and_matches_answer_the_keyboard() {
    const TAB: &str = "\u{E004}";
    const ENTER: &str = "\u{E007}";
    let volume = ("tocvol1931v04.xml", chaptered_volume());
    let Some((server, b)) = start("keyboard", &[volume], 0) else {
        return;
    };
    b.desktop();
    b.goto(&server.url("/search?q=harbour"));
    b.wait_for("nav#facets", WAIT);
    let in_facets = || {
        b.exec(
            "return !!(document.activeElement && document.activeElement.closest('nav#facets a'));",
            vec![],
        ) == json!(true)
    };
    let mut tabs = 0;
    while !in_facets() {
        assert!(tabs < 80, "Tab never reached a filter");
        press(&b, TAB);
        tabs += 1;
    }
    let outline = b.exec(
        "return getComputedStyle(document.activeElement).outlineStyle;",
        vec![],
    );
    assert_ne!(
        outline,
        json!("none"),
        "the focused filter shows no outline"
    );
    let href = b
        .exec(
            "return document.activeElement.getAttribute('href');",
            vec![],
        )
        .as_str()
        .unwrap_or_default()
        .to_string();
    press(&b, ENTER);
    let url = wait_url(&b, "the filter applied", |u| {
        u.contains("&") && u != server.url("/search?q=harbour")
    });
    assert!(
        href.replace("&amp;", "&")
            .ends_with(&url[url.find("/search").unwrap()..]),
        "{href} -> {url}"
    );

    // n and p move from match to match.
    b.goto(&server.url("/doc/tocvol1931v04-d2?q=harbour"));
    b.wait_for("#match-count", WAIT);
    press(&b, "n");
    b.wait_until("the first match is current", WAIT, || {
        b.try_find("mark#hit-1.current").is_some()
    });
    press(&b, "n");
    b.wait_until("the second match is current", WAIT, || {
        b.try_find("mark#hit-2.current").is_some()
    });
    press(&b, "p");
    b.wait_until("back to the first", WAIT, || {
        b.try_find("mark#hit-1.current").is_some()
    });
    assert!(b.find("#match-count").text().starts_with("1 of "));
}

/// An hOCR page of `text`'s words as a typescript's OCR reads them: ten
/// words a line on a 1000 x 1000 scan, and the words `misread` names read
/// as OCR misreads them.
fn typescript_hocr(text: &str, misread: &[(&str, &str)]) -> String {
    let mut spans = String::new();
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !w.starts_with('<') && !w.starts_with("~~") && *w != "-")
        .collect();
    for (i, w) in words.iter().enumerate() {
        let (x, y) = (20 + (i % 10) as u32 * 96, 20 + (i / 10) as u32 * 24);
        let read = misread
            .iter()
            .find(|(right, _)| w.trim_matches(|c: char| !c.is_alphanumeric()) == *right)
            .map_or(w.to_string(), |(right, wrong)| w.replace(right, wrong));
        let read = read.replace('&', "&amp;").replace('<', "&lt;");
        spans.push_str(&format!(
            "<span class='ocrx_word' title='bbox {x} {y} {} {}; x_wconf 80'>{read}</span>\n",
            x + 90,
            y + 20
        ));
    }
    format!(
        "<html><body><div class='ocr_page' title='bbox 0 0 1000 1000'>\
         <p class='ocr_par'><span class='ocr_line'>{spans}</span></p></div></body></html>"
    )
}

/// A word of the search followed from the results opens the document with
/// its scan beside the texts, on the page the word is on, the word
/// highlighted where OCR read it (misread); the scan zooms, shows the OCR's
/// lines on demand, and on a phone has a tab of its own.
#[test]
fn a_search_hit_opens_on_the_scan_with_its_word_highlighted() {
    let image = repo_root().join("../shared/iiif/67352ccc-d1b0-11e1-89ae-279075081939.png");
    if !image.is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing",
            image.display()
        );
        return;
    }
    if !browser_installed() {
        return;
    }
    let id = "digitalarchive-example-org-document-990777";
    let server = Server::start_prepared(&[("marks.txt", marks_record())], 0, |archive, scratch| {
        let fonds = |args: &[&std::ffi::OsStr]| {
            let out = Command::new(env!("CARGO_BIN_EXE_fonds"))
                .arg("--archive")
                .arg(archive)
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        fonds(&[
            "attach".as_ref(),
            id.as_ref(),
            image.as_os_str(),
            image.as_os_str(),
        ]);
        let mut page_1 = String::new();
        for _ in 0..5 {
            page_1.push_str(&format!("{MARKS_RU_A} {MARKS_RU_B} "));
        }
        page_1.push_str(MARKS_RU_TURN);
        let p1 = scratch.join("p1.hocr");
        let p2 = scratch.join("p2.hocr");
        std::fs::write(
            &p1,
            typescript_hocr(&page_1, &[("Заболотному", "Заболотнону")]),
        )
        .unwrap();
        std::fs::write(
            &p2,
            typescript_hocr(MARKS_RU_PAGE_2, &[("доложим", "доложнм")]),
        )
        .unwrap();
        fonds(&[
            "ocr".as_ref(),
            id.as_ref(),
            "--import".as_ref(),
            p1.as_os_str(),
            p2.as_os_str(),
        ]);
    });
    let b = Browser::start("scan", &screenshot_dir());
    b.desktop();

    // From the results to the document: the word is on the second page.
    b.goto(&server.url(&format!("/search?q={}", percent_encode("доложим"))));
    let link = b.wait_for(&format!("a[href^='/doc/{id}']"), WAIT);
    link.click();
    wait_url(&b, "the document page", |u| {
        u.contains(&format!("/doc/{id}"))
    });
    b.wait_for("#scan[data-hits]", WAIT);
    b.wait_until("the scan at its second page", WAIT, || {
        b.find("#scan-at").text().contains("2 of 2")
    });
    b.wait_for(".scan-hit", WAIT);
    let hit = b.exec(
        "const h = document.querySelector('.scan-hit').getBoundingClientRect();
         const v = document.getElementById('scan-viewer').getBoundingClientRect();
         return {w: h.width, h: h.height, inside: h.left >= v.left && h.right <= v.right
                 && h.top >= v.top && h.bottom <= v.bottom, title: document.querySelector('.scan-hit').title,
                 said: document.getElementById('scan-hits').textContent};",
        vec![],
    );
    assert!(
        hit["w"].as_f64().unwrap() > 2.0 && hit["h"].as_f64().unwrap() > 1.0,
        "{hit}"
    );
    assert_eq!(hit["inside"], true, "{hit}");
    // The word as the transcription spells it, shown where OCR misread it.
    assert_eq!(hit["title"], "доложим", "{hit}");
    assert!(hit["said"].as_str().unwrap().contains("f. 14"), "{hit}");
    b.screenshot("scan-hit-desktop.png");
    // The page with its scan and viewer is as accessible as any other.
    if let Some(axe) = axe_source() {
        let result = run_axe(&b, &axe);
        let bad: Vec<String> = result["violations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .map(|v| format!("{}: {} {}", v["id"], v["help"], v["nodes"]))
            .collect();
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    // The scan zooms, and the highlight stays on its word.
    let zoom = |b: &Browser| b.exec("return window.fondsViewer.viewport.getZoom(true);", vec![]);
    let before = zoom(&b).as_f64().unwrap();
    b.find("#scan-zoom-in").click();
    b.find("#scan-zoom-in").click();
    b.wait_until("the scan zoomed in", WAIT, || {
        zoom(&b).as_f64().unwrap() > before * 2.0
    });
    let grown = b.exec(
        "return document.querySelector('.scan-hit').getBoundingClientRect().width;",
        vec![],
    );
    assert!(
        grown.as_f64().unwrap() > hit["w"].as_f64().unwrap() * 1.5,
        "{grown} {hit}"
    );
    b.screenshot("scan-zoomed-desktop.png");
    b.find("#scan-home").click();

    // The OCR's lines on demand, on the first page too.
    b.find("#scan-prev").click();
    b.wait_until("the first page", WAIT, || {
        b.find("#scan-at").text().contains("1 of 2")
    });
    b.find("#scan-ocr").click();
    b.wait_for(".scan-ocr-line", WAIT);
    assert_eq!(
        b.find("#scan-ocr").attr("aria-pressed").as_deref(),
        Some("true")
    );
    // Five times "Заболотному" on the first page: none highlighted, as the
    // search was for another word.
    assert!(b.find_all(".scan-hit").is_empty());

    // The file as attached, byte for byte.
    let href = b.find("#scan-file").attr("href").unwrap();
    let file = server.get(&href);
    assert_eq!(file.status, 200);
    assert_eq!(file.body, std::fs::read(&image).unwrap());
    // The whole scan as one PDF.
    let pdf = server.get(&b.find("#scan-pdf").attr("href").unwrap());
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"));

    // On a phone: a tab for the text and one for the scan.
    b.phone();
    b.goto(&server.url(&format!("/doc/{id}?q={}", percent_encode("доложим"))));
    b.wait_for("#tab-scan", WAIT).click();
    b.wait_for(".scan-hit", WAIT);
    let texts_shown = b.exec(
        "return getComputedStyle(document.getElementById('texts-panel')).display;",
        vec![],
    );
    assert_eq!(texts_shown, "none");
    b.screenshot("scan-phone.png");
    assert_eq!(overflow(&b, webdriver::PHONE.0), None);
    b.desktop();
}

/// The serious or critical violations axe-core finds on the page shown.
fn serious_violations(b: &Browser, axe: &str) -> Vec<String> {
    let result = run_axe(b, axe);
    result["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| format!("{} {}: {}", b.url(), v["id"], v["nodes"]))
        .collect()
}

/// An editor logs in, corrects a word of the Russian transcription with a
/// preview, finds the corrected word by search at once, sees the
/// difference in the history, and reverts to the first version.
#[test]
fn an_editor_corrects_a_word_finds_it_sees_the_difference_and_reverts() {
    if !browser_installed() {
        return;
    }
    let id = "digitalarchive-example-org-document-990777";
    let server = Server::start_prepared(&[("marks.txt", marks_record())], 0, |archive, _| {
        let mut add = Command::new(env!("CARGO_BIN_EXE_fonds"))
            .arg("--archive")
            .arg(archive)
            .args(["user", "add", "vera", "--role", "editor"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        add.stdin
            .take()
            .unwrap()
            .write_all(b"an editor's long password\n")
            .unwrap();
        assert!(add.wait().unwrap().success());
        let mut admin = Command::new(env!("CARGO_BIN_EXE_fonds"))
            .arg("--archive")
            .arg(archive)
            .args(["user", "add", "ada", "--role", "admin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        admin
            .stdin
            .take()
            .unwrap()
            .write_all(b"an admin's long password\n")
            .unwrap();
        assert!(admin.wait().unwrap().success());
    });
    let b = Browser::start("edit", &screenshot_dir());
    b.desktop();
    let found = |word: &str| -> u64 {
        b.goto(&server.url(&format!("/search?q={}", percent_encode(word))));
        b.wait_for("#results-count, .no-results, main h1", WAIT);
        match b.try_find("#results-count") {
            Some(_) => results_count(&b),
            None => 0,
        }
    };
    assert!(found("цемента") >= 1);
    assert_eq!(found("бетона"), 0);

    // Log in through the form; the page asked for comes back.
    b.goto(&server.url(&format!("/login?next=/doc/{id}")));
    b.wait_for("#login-name", WAIT);
    b.screenshot("login-desktop.png");
    b.phone();
    assert_eq!(overflow(&b, 390), None);
    b.desktop();
    if let Some(axe) = axe_source() {
        let serious = serious_violations(&b, &axe);
        assert!(serious.is_empty(), "{serious:?}");
    }
    b.find("#login-name").send_keys("vera");
    b.find("#login-password")
        .send_keys("an editor's long password");
    b.find("form.account button[type=submit]").click();
    wait_url(&b, "the document after logging in", |u| {
        path_of(u) == format!("/doc/{id}")
    });

    // The first page of the Russian original, in the record format.
    let link = b.wait_for(".editing a[href*='edit?text=0&page=1']", WAIT);
    link.click();
    let area = b.wait_for("#edit-body", WAIT);
    let text = area.prop("value").as_str().unwrap_or_default().to_string();
    assert!(text.contains("поставки труб и цемента"), "{text}");
    b.exec(
        "const a = document.getElementById('edit-body');
         a.value = a.value.replace('поставки труб и цемента', 'поставки труб и бетона');",
        vec![],
    );
    b.find("#edit-comment")
        .send_keys("бетон, not cement: the scan says so");
    b.find("button[value=preview]").click();
    let preview = b.wait_for("section.preview", WAIT);
    assert!(preview.text().contains("бетона"), "{}", preview.text());
    assert!(b
        .find("section.preview .diff ins")
        .text()
        .contains("бетона"));
    assert!(b
        .find("section.preview .diff del")
        .text()
        .contains("цемента"));
    b.screenshot("edit-preview-desktop.png");
    // At a phone's width the form and the preview fit.
    b.phone();
    assert_eq!(overflow(&b, 390), None);
    b.screenshot("edit-preview-phone.png");
    b.desktop();
    if let Some(axe) = axe_source() {
        let serious = serious_violations(&b, &axe);
        assert!(serious.is_empty(), "{serious:?}");
    }
    // Nothing is saved by a preview.
    assert_eq!(
        server.api(&format!("/api/documents/{id}/versions"))["versions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    b.find("button[value=save]").click();
    wait_url(&b, "the history after saving", |u| u.contains("/history"));
    let row = b.wait_for("tr#v2", WAIT);
    assert!(row.text().contains("vera"), "{}", row.text());
    assert!(row.text().contains("not cement"), "{}", row.text());
    b.screenshot("edit-history-desktop.png");
    b.phone();
    assert_eq!(overflow(&b, 390), None);
    b.screenshot("edit-history-phone.png");
    b.desktop();
    if let Some(axe) = axe_source() {
        let serious = serious_violations(&b, &axe);
        assert!(serious.is_empty(), "{serious:?}");
    }

    // Found at once, by the corrected word and not by the old one.
    assert!(found("бетона") >= 1);
    let history = server.url(&format!("/doc/{id}/history"));

    // The difference between the two versions, word by word.
    b.goto(&history);
    b.find("#compare").click();
    wait_url(&b, "the difference", |u| u.contains("/diff?"));
    let ins = texts(&b.find_all(".diff ins"));
    let del = texts(&b.find_all(".diff del"));
    assert!(ins.iter().any(|t| t.contains("бетона")), "{ins:?}");
    assert!(del.iter().any(|t| t.contains("цемента")), "{del:?}");
    b.screenshot("edit-diff-desktop.png");

    // Revert to version 1: the old word again, the new one gone.
    b.goto(&history);
    b.find("tr#v1 button").click();
    wait_url(&b, "the history after reverting", |u| u.contains("#v3"));
    b.wait_for("tr#v3", WAIT);
    assert_eq!(found("бетона"), 0);
    assert!(found("цемента") >= 1);

    // The turns of the original and the translation: a pair fonds linked
    // is unlinked, and is listed as kept apart.
    b.goto(&server.url(&format!("/doc/{id}")));
    b.wait_for(".editing a[href*='/align?translation=']", WAIT)
        .click();
    b.wait_for("ol.pairs li#o2", WAIT);
    assert!(b.find("li#o2 .why").text().contains("sure"));
    b.find("li#o2 form.decide button").click();
    wait_url(&b, "the turns after unlinking", |u| u.ends_with("#o2"));
    let kept = b.wait_for("main", WAIT).text();
    assert!(kept.contains("Kept apart by an editor"), "{kept}");
    b.screenshot("align-desktop.png");
    b.phone();
    assert_eq!(overflow(&b, 390), None);
    b.screenshot("align-phone.png");
    b.desktop();
    if let Some(axe) = axe_source() {
        let serious = serious_violations(&b, &axe);
        assert!(serious.is_empty(), "{serious:?}");
    }
    let versions = server.api(&format!("/api/documents/{id}/versions"));
    assert_eq!(versions["versions"].as_array().unwrap().len(), 4);

    // Logged out, the history has no revert, and editing asks to log in.
    b.goto(&server.url("/account"));
    b.wait_for("form.inline button", WAIT);
    b.screenshot("account-desktop.png");
    if let Some(axe) = axe_source() {
        let serious = serious_violations(&b, &axe);
        assert!(serious.is_empty(), "{serious:?}");
    }
    b.find("form.inline button").click();
    wait_url(&b, "home after logging out", |u| path_of(u) == "/");
    b.goto(&history);
    assert!(b.try_find("tr#v1 button").is_none());
    b.goto(&server.url(&format!("/doc/{id}/edit?text=0&page=1")));
    wait_url(&b, "the log-in page", |u| path_of(u).starts_with("/login"));

    // An admin's page: accounts, rules, tokens, jobs and the audit log,
    // which names vera's corrections; it fits a phone.
    b.goto(&server.url("/login?next=/admin"));
    b.find("#login-name").send_keys("ada");
    b.find("#login-password")
        .send_keys("an admin's long password");
    b.find("form.account button[type=submit]").click();
    wait_url(&b, "the admin page", |u| path_of(u) == "/admin");
    let audit = b.wait_for("section#audit", WAIT).text();
    assert!(
        audit.contains("vera") && audit.contains("edit-page"),
        "{audit}"
    );
    b.screenshot("admin-desktop.png");
    b.phone();
    assert_eq!(overflow(&b, 390), None);
    b.screenshot("admin-phone.png");
    b.desktop();
    if let Some(axe) = axe_source() {
        let serious = serious_violations(&b, &axe);
        assert!(serious.is_empty(), "{serious:?}");
    }
}
