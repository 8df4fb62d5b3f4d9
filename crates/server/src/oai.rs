//! OAI-PMH 2.0 at `/oai`: the six verbs over the archive's current documents,
//! in the `oai_dc` and `tei` metadata formats, with sets by repository
//! (`repo:GARF`), language (`lang:ru`) and document type (`type:telegram`).
//!
//! Records are listed in change order (the store's sequence number), so a
//! resumption token carries the query, the last sequence number sent, the
//! cursor and the list's size counted when the harvest began, signed with
//! the archive's key: a page is one range query, a token stays valid however
//! long a harvester waits, and a document changed during a harvest comes
//! again at the end. Errors a harvester caused are OAI-PMH errors; the
//! server's own (overloaded, timed out, a store failure) are HTTP 5xx
//! answers, 503 with `Retry-After` as the protocol asks for flow control. The datestamp of a record is its
//! document's last change (`updated_at`, UTC, to the second). The archive
//! keeps no deleted records. The XML is written by hand, every value escaped.

use crate::{ApiError, FamilyError};
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use fonds_archive::{rfc3339, Clock, ListFilter, ListedDocument, StoreError, SystemClock};
use fonds_archive::{Archive, ArchiveError};
use fonds_core::{Document, Lang};
use fonds_tei::xml::{escape, Context};
use std::fmt::Write;
use std::sync::Arc;

/// How many records or headers one answer holds at most.
pub const PAGE_SIZE: i64 = 100;

/// The prefix of every OAI identifier: `oai:fonds:ID`.
const ID_PREFIX: &str = "oai:fonds:";

/// The metadata formats: prefix, schema and namespace.
const FORMATS: [(&str, &str, &str); 2] = [
    (
        "oai_dc",
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        "http://www.openarchives.org/OAI/2.0/oai_dc/",
    ),
    (
        "tei",
        "https://www.tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd",
        "http://www.tei-c.org/ns/1.0",
    ),
];

/// The key resumption tokens are signed with: the archive's own, kept in
/// its store so that tokens outlive a restart and every server of the
/// archive reads the others' tokens. Made on first use and stored only if
/// the store has none, so that servers starting together keep the first
/// one stored; a server that cannot write the store at all (a read-only
/// file system) signs with a key of its own, and says so.
#[derive(Default)]
pub struct TokenKey(tokio::sync::OnceCell<[u8; 32]>);

impl TokenKey {
    async fn get(&self, archive: &Archive) -> Result<&[u8; 32], ArchiveError> {
        self.0
            .get_or_try_init(|| async {
                let signing = archive.signing_key(fresh_key).await?;
                if let Some(e) = &signing.unkept {
                    eprintln!(
                        "fonds serve: the OAI-PMH token key cannot be stored ({e}); this \
                         server signs with its own, and its resumption tokens end with it"
                    );
                }
                Ok(signing.key)
            })
            .await
    }
}

/// 256 bits from the operating system's random source.
fn fresh_key() -> Result<[u8; 32], ArchiveError> {
    use std::io::Read;
    const SOURCE: &str = "/dev/urandom";
    let mut key = [0; 32];
    std::fs::File::open(SOURCE)
        .and_then(|mut f| f.read_exact(&mut key))
        .map_err(|e| StoreError::io(std::path::Path::new(SOURCE), e))?;
    Ok(key)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    if s.len() != 2 * N || !s.is_ascii() {
        return None;
    }
    let mut out = [0; N];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// HMAC-SHA-256 (RFC 2104) of `text` under `key`.
fn hmac(key: &[u8; 32], text: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    let pad = |byte: u8| {
        let mut p = [byte; 64];
        for (p, k) in p.iter_mut().zip(key) {
            *p ^= k;
        }
        p
    };
    let inner = sha2::Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(text)
        .finalize();
    sha2::Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// The answer to an OAI-PMH request, GET or POST.
pub async fn handler(
    State(archive): State<Arc<Archive>>,
    who: crate::auth::Who,
    axum::Extension(key): axum::Extension<Arc<TokenKey>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: String,
) -> Response {
    let host = crate::http::host(&headers);
    let raw = if method == Method::POST {
        body
    } else {
        uri.query().unwrap_or("").to_string()
    };
    // A store failure is the server's, not the harvester's: an HTTP 5xx
    // answer in OAI-PMH form, never an OAI-PMH error code.
    let failed = |e: ArchiveError| {
        let e = ApiError::from(e);
        FamilyError::new(uri.path(), host, e.code, &e.message).into_response()
    };
    let key = match key.get(&archive).await {
        Ok(key) => key,
        Err(e) => return failed(e),
    };
    let request = Request {
        archive: &archive,
        viewer: &who.viewer,
        host,
        key,
    };
    match request.answer(&raw).await {
        Ok(xml) => ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response(),
        Err(e) => failed(e),
    }
}

/// An OAI-PMH error code and its message.
#[derive(Debug)]
struct OaiError {
    code: &'static str,
    message: String,
}

fn oai_error(code: &'static str, message: impl Into<String>) -> Failure {
    Failure::Oai(OaiError {
        code,
        message: message.into(),
    })
}

/// Why a request failed: a protocol error the client caused, or the archive.
#[derive(Debug)]
enum Failure {
    Oai(OaiError),
    Archive(ArchiveError),
}

impl From<ArchiveError> for Failure {
    fn from(e: ArchiveError) -> Self {
        Failure::Archive(e)
    }
}

type Args = Vec<(String, String)>;

struct Request<'a> {
    archive: &'a Archive,
    /// Who harvests: what they may not read is not listed.
    viewer: &'a fonds_archive::Viewer,
    host: &'a str,
    key: &'a [u8; 32],
}

impl Request<'_> {
    fn base_url(&self) -> String {
        format!("http://{}/oai", self.host)
    }

    /// The whole response document for a raw query string; protocol errors
    /// are answered in it, only the store's failures are not.
    async fn answer(&self, raw: &str) -> Result<String, ArchiveError> {
        let (verb, args) = match read_verb(raw) {
            Ok(read) => read,
            Err(e) => return Ok(self.error_document(None, &e)),
        };
        let result = match verb {
            "Identify" => self.identify().await,
            "ListMetadataFormats" => self.list_metadata_formats(&args).await,
            "ListSets" => self.list_sets(&args).await,
            "GetRecord" => self.get_record(&args).await,
            _ => self.list(verb, &args).await,
        };
        match result {
            Ok(body) => Ok(self.document(Some(&args), &body)),
            Err(Failure::Oai(e)) if e.code == "badArgument" => Ok(self.error_document(None, &e)),
            Err(Failure::Oai(e)) => Ok(self.error_document(Some(&args), &e)),
            Err(Failure::Archive(e)) => Err(e),
        }
    }

    fn error_document(&self, echo: Option<&Args>, e: &OaiError) -> String {
        let body = format!(
            "<error code=\"{}\">{}</error>\n",
            e.code,
            escape(&e.message, Context::Text)
        );
        self.document(echo, &body)
    }

    fn document(&self, echo: Option<&Args>, body: &str) -> String {
        envelope(self.host, echo, body)
    }

    async fn identify(&self) -> Result<String, Failure> {
        let earliest = self
            .archive
            .earliest_change()
            .await?
            .unwrap_or_else(|| rfc3339(0));
        Ok(format!(
            "<Identify>\n<repositoryName>fonds</repositoryName>\n<baseURL>{}</baseURL>\n\
             <protocolVersion>2.0</protocolVersion>\n<adminEmail>admin@localhost</adminEmail>\n\
             <earliestDatestamp>{}</earliestDatestamp>\n<deletedRecord>no</deletedRecord>\n\
             <granularity>YYYY-MM-DDThh:mm:ssZ</granularity>\n</Identify>\n",
            escape(&self.base_url(), Context::Text),
            escape(&earliest, Context::Text)
        ))
    }

    async fn list_metadata_formats(&self, args: &Args) -> Result<String, Failure> {
        if let Some(id) = arg(args, "identifier") {
            self.find(id).await?;
        }
        let mut out = String::from("<ListMetadataFormats>\n");
        for (prefix, schema, namespace) in FORMATS {
            let _ = writeln!(
                out,
                "<metadataFormat><metadataPrefix>{prefix}</metadataPrefix><schema>{schema}</schema>\
                 <metadataNamespace>{namespace}</metadataNamespace></metadataFormat>"
            );
        }
        out.push_str("</ListMetadataFormats>\n");
        Ok(out)
    }

    async fn list_sets(&self, args: &Args) -> Result<String, Failure> {
        if arg(args, "resumptionToken").is_some() {
            return Err(oai_error(
                "badResumptionToken",
                "the list of sets is complete in one answer; it has no resumption tokens",
            ));
        }
        let (repositories, languages, types) = self.archive.facet_values(self.viewer).await?;
        let mut out = String::from("<ListSets>\n");
        let mut set = |spec: &str, name: &str| {
            let _ = writeln!(
                out,
                "<set><setSpec>{}</setSpec><setName>{}</setName></set>",
                escape(spec, Context::Text),
                escape(name, Context::Text)
            );
        };
        set("repo", "Documents by holding archive");
        // Repositories whose names share a set spec form one set.
        let mut by_slug: Vec<(String, Vec<String>)> = Vec::new();
        for r in &repositories {
            let slug = slug(r);
            match by_slug.iter_mut().find(|(s, _)| *s == slug) {
                Some((_, names)) => names.push(r.clone()),
                None => by_slug.push((slug, vec![r.clone()])),
            }
        }
        for (slug, names) in &by_slug {
            set(&format!("repo:{slug}"), &names.join(" / "));
        }
        set("lang", "Documents by language of their texts");
        for code in &languages {
            let name = Lang::from_code(code)
                .map(|l| l.name())
                .filter(|n| *n != "Undetermined")
                .unwrap_or(code);
            set(&format!("lang:{code}"), &format!("Language: {name}"));
        }
        set("type", "Documents by type");
        for t in &types {
            set(&format!("type:{t}"), &format!("Type: {t}"));
        }
        out.push_str("</ListSets>\n");
        Ok(out)
    }

    async fn get_record(&self, args: &Args) -> Result<String, Failure> {
        let prefix = arg(args, "metadataPrefix").unwrap_or_default();
        check_prefix(prefix)?;
        let listed = self
            .find(arg(args, "identifier").unwrap_or_default())
            .await?;
        let metadata = match &listed.document {
            Some(doc) if prefix == "tei" => tei(doc),
            Some(doc) => oai_dc(doc, &self.permalink(&listed.id)),
            None => String::new(),
        };
        Ok(format!(
            "<GetRecord>\n{}</GetRecord>\n",
            record(&listed, &metadata)
        ))
    }

    /// The document an OAI identifier names, or idDoesNotExist.
    async fn find(&self, identifier: &str) -> Result<ListedDocument, Failure> {
        let missing = || {
            oai_error(
                "idDoesNotExist",
                format!("{identifier:?} is not an identifier in this repository"),
            )
        };
        let id = identifier.strip_prefix(ID_PREFIX).ok_or_else(missing)?;
        self.archive
            .listed(self.viewer, id)
            .await?
            .ok_or_else(missing)
    }

    /// ListIdentifiers and ListRecords, from their arguments or a token:
    /// one range of the change sequence after the token's position, the
    /// list's size counted once when the harvest begins.
    async fn list(&self, verb: &str, args: &Args) -> Result<String, Failure> {
        let archive = self.archive;
        let last_change = archive.last_change().await?;
        let query = Harvest::of_request(args, self.key, last_change)?;
        let Some(filter) = self.filter(&query).await? else {
            return Err(no_records());
        };
        let with_documents = verb == "ListRecords";
        let mut out = format!("<{verb}>\n");
        let (sent, last_seq, more) = if with_documents {
            let mut page = archive
                .listing_with_json(
                    self.viewer,
                    &filter,
                    query.after_seq,
                    PAGE_SIZE as usize + 1,
                )
                .await?;
            let more = page.len() as i64 > PAGE_SIZE;
            page.truncate(PAGE_SIZE as usize);
            for (listed, json) in &page {
                let metadata = self.metadata_from_json(&query.prefix, listed, json)?;
                out.push_str(&record(listed, &metadata));
            }
            (page.len(), page.last().map(|(l, _)| l.seq), more)
        } else {
            let mut page = archive
                .listing(
                    self.viewer,
                    &filter,
                    query.after_seq,
                    PAGE_SIZE as usize + 1,
                )
                .await?;
            let more = page.len() as i64 > PAGE_SIZE;
            page.truncate(PAGE_SIZE as usize);
            for listed in &page {
                out.push_str(&header_xml(listed));
            }
            (page.len(), page.last().map(|l| l.seq), more)
        };
        let Some(last_seq) = last_seq else {
            return Err(no_records());
        };
        if more || query.cursor > 0 {
            let size = match query.size {
                Some(size) => size,
                None => archive.count_listed(self.viewer, &filter).await?.max(0) as u64,
            };
            let next_cursor = query
                .cursor
                .checked_add(sent as u64)
                .filter(|c| *c <= MAX_POSITION)
                .ok_or_else(|| bad_token("the harvest is longer than this repository can count"))?;
            // Documents changed during a harvest come again at its end, so
            // the list can outgrow the size counted when it began.
            let size = size.max(next_cursor);
            let _ = write!(
                out,
                "<resumptionToken completeListSize=\"{size}\" cursor=\"{}\">",
                query.cursor
            );
            if more {
                let next = Harvest {
                    after_seq: last_seq,
                    cursor: next_cursor,
                    size: Some(size),
                    ..query.clone()
                };
                out.push_str(&escape(&next.token(self.key), Context::Text));
            }
            out.push_str("</resumptionToken>\n");
        }
        let _ = writeln!(out, "</{verb}>");
        Ok(out)
    }

    /// The store filter for a harvest; `None` when its set cannot match.
    async fn filter(&self, query: &Harvest) -> Result<Option<ListFilter>, Failure> {
        let mut filter = ListFilter {
            from: query.from.clone(),
            until: query.until.clone(),
            ..ListFilter::default()
        };
        let Some(set) = &query.set else {
            return Ok(Some(filter));
        };
        let parts: Vec<&str> = set.split(':').collect();
        match parts.as_slice() {
            ["repo"] => filter.has_repository = true,
            ["lang"] | ["type"] => {}
            ["repo", wanted] => {
                let (repositories, _, _) = self.archive.facet_values(self.viewer).await?;
                let matching: Vec<String> = repositories
                    .into_iter()
                    .filter(|r| slug(r) == *wanted)
                    .collect();
                if matching.is_empty() {
                    return Ok(None);
                }
                filter.repositories = Some(matching);
            }
            ["lang", code] => filter.language = Some((*code).to_string()),
            ["type", t] => filter.doc_type = Some((*t).to_string()),
            _ => return Ok(None),
        }
        Ok(Some(filter))
    }

    /// A record's metadata from its document's stored JSON: Dublin Core
    /// from the few fields it needs, TEI from the whole document.
    fn metadata_from_json(
        &self,
        prefix: &str,
        listed: &ListedDocument,
        json: &str,
    ) -> Result<String, Failure> {
        let corrupt = |e: String| {
            Failure::Archive(
                StoreError::Corrupt(format!("stored document {}: {e}", listed.id)).into(),
            )
        };
        let metadata = if prefix == "tei" {
            let value: serde_json::Value =
                serde_json::from_str(json).map_err(|e| corrupt(e.to_string()))?;
            let doc = fonds_json::from_json(&value).map_err(|e| corrupt(e.to_string()))?;
            tei(&doc)
        } else {
            let dc: DcFields = serde_json::from_str(json).map_err(|e| corrupt(e.to_string()))?;
            dc.xml(&self.permalink(&listed.id))
        };
        Ok(metadata)
    }

    fn permalink(&self, id: &str) -> String {
        format!("http://{}/doc/{id}", self.host)
    }
}

/// A record: its header and its metadata.
fn record(listed: &ListedDocument, metadata: &str) -> String {
    format!(
        "<record>\n{}<metadata>\n{metadata}</metadata>\n</record>\n",
        header_xml(listed)
    )
}

/// The OAI-PMH envelope: response date, the request echoed (its arguments
/// only when `echo` is given) and the body.
fn envelope(host: &str, echo: Option<&Args>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ \
         http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n",
    );
    let _ = writeln!(
        out,
        "<responseDate>{}</responseDate>",
        rfc3339(SystemClock.now())
    );
    out.push_str("<request");
    for (k, v) in echo.into_iter().flatten() {
        let _ = write!(out, " {}=\"{}\"", k, escape(v, Context::Attribute));
    }
    let _ = writeln!(
        out,
        ">{}</request>",
        escape(&format!("http://{host}/oai"), Context::Text)
    );
    out.push_str(body);
    out.push_str("</OAI-PMH>\n");
    out
}

/// A whole OAI-PMH error document, its request element bare: what an
/// error outside the verbs (a head over the limits, a refused method)
/// answers.
pub(crate) fn error_document(host: &str, code: &str, message: &str) -> String {
    envelope(
        host,
        None,
        &format!(
            "<error code=\"{code}\">{}</error>\n",
            escape(message, Context::Text)
        ),
    )
}

/// The body of an HTTP 5xx answer at `/oai`: the envelope with no `<error>`,
/// as OAI-PMH has no error code for the server's own failures (every code
/// says the request was wrong), the message in a comment for a person.
pub(crate) fn failure_document(host: &str, message: &str) -> String {
    envelope(
        host,
        None,
        &format!(
            "<!-- {} -->\n",
            escape(message, Context::Text).replace("--", "- -")
        ),
    )
}

/// An OAI-PMH request's arguments as the server reads them, without an
/// archive: the URL encoding, the verb, the verb's arguments, and for a list
/// the harvest from its arguments or its resumption token (signed under
/// `key`, not past `last_change`). Returns the verb and, for a list, the
/// token that continues it from its start; or the OAI-PMH error code. For
/// the fuzz target: it reaches everything a request reaches before the
/// store.
pub fn parse_request(
    raw: &str,
    key: &[u8; 32],
    last_change: i64,
) -> Result<(&'static str, Option<String>), &'static str> {
    let code = |f: Failure| match f {
        Failure::Oai(e) => e.code,
        Failure::Archive(_) => "internal",
    };
    let (verb, args) = read_verb(raw).map_err(|e| e.code)?;
    match verb {
        "GetRecord" => check_prefix(arg(&args, "metadataPrefix").unwrap_or_default())
            .map(|()| (verb, None))
            .map_err(code),
        "ListIdentifiers" | "ListRecords" => {
            let harvest = Harvest::of_request(&args, key, last_change).map_err(code)?;
            Ok((verb, Some(harvest.token(key))))
        }
        _ => Ok((verb, None)),
    }
}

/// A request's verb and arguments, read from its URL-encoded form and
/// checked against the verb: the errors that answer with a bare request
/// element (badArgument, badVerb).
fn read_verb(raw: &str) -> Result<(&'static str, Args), OaiError> {
    let bad_verb = |message: String| OaiError {
        code: "badVerb",
        message,
    };
    let args = parse_query(raw).ok_or_else(|| OaiError {
        code: "badArgument",
        message: "the request's arguments are not well-formed URL encoding".into(),
    })?;
    let verbs: Vec<&str> = args
        .iter()
        .filter(|(k, _)| k == "verb")
        .map(|(_, v)| v.as_str())
        .collect();
    let verb = match verbs.as_slice() {
        [one] => VERBS
            .iter()
            .find(|v| *v == one)
            .copied()
            .ok_or_else(|| bad_verb(format!("{one:?} is not an OAI-PMH verb")))?,
        [] => return Err(bad_verb("the verb argument is missing".into())),
        _ => return Err(bad_verb("the verb argument is repeated".into())),
    };
    check_arguments(verb, &args)?;
    Ok((verb, args))
}

const VERBS: [&str; 6] = [
    "Identify",
    "ListMetadataFormats",
    "ListSets",
    "ListIdentifiers",
    "ListRecords",
    "GetRecord",
];

fn no_records() -> Failure {
    oai_error(
        "noRecordsMatch",
        "no records match the combination of set, from and until",
    )
}

fn arg<'a>(args: &'a Args, name: &str) -> Option<&'a str> {
    args.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Checks that the arguments are the verb's: none unknown, none repeated or
/// empty, the required ones present, and a resumption token alone.
fn check_arguments(verb: &str, args: &Args) -> Result<(), OaiError> {
    let bad = |message: String| OaiError {
        code: "badArgument",
        message,
    };
    let (required, optional): (&[&str], &[&str]) = match verb {
        "Identify" => (&[], &[]),
        "ListMetadataFormats" => (&[], &["identifier"]),
        "ListSets" => (&[], &["resumptionToken"]),
        "GetRecord" => (&["identifier", "metadataPrefix"], &[]),
        _ if args.iter().any(|(k, _)| k == "resumptionToken") => (&["resumptionToken"], &[]),
        _ => (&["metadataPrefix"], &["from", "until", "set"]),
    };
    for (i, (k, v)) in args.iter().enumerate() {
        if k == "verb" {
            continue;
        }
        if !required.contains(&k.as_str()) && !optional.contains(&k.as_str()) {
            return Err(bad(
                if k == "resumptionToken" || required == ["resumptionToken"] {
                    "resumptionToken is an exclusive argument".to_string()
                } else {
                    format!("{k:?} is not an argument of {verb}")
                },
            ));
        }
        if args[..i].iter().any(|(earlier, _)| earlier == k) {
            return Err(bad(format!("the argument {k} is repeated")));
        }
        if v.is_empty() {
            return Err(bad(format!("the argument {k} is empty")));
        }
        // The schema's types for the echoed arguments: a prefix of URI
        // unreserved characters, an identifier that can be a URI.
        if k == "metadataPrefix"
            && !v
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b))
        {
            return Err(bad(format!("{v:?} is not a metadata prefix")));
        }
        if k == "identifier"
            && v.chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
        {
            return Err(bad(format!("{v:?} is not an identifier")));
        }
    }
    for name in required {
        if arg(args, name).is_none() {
            return Err(bad(format!("{verb} requires the argument {name}")));
        }
    }
    Ok(())
}

fn check_prefix(prefix: &str) -> Result<(), Failure> {
    if FORMATS.iter().any(|(p, _, _)| *p == prefix) {
        Ok(())
    } else {
        Err(oai_error(
            "cannotDisseminateFormat",
            format!("{prefix:?} is not a metadata format of this repository (oai_dc, tei)"),
        ))
    }
}

/// What a list request asks for and how far it has got.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Harvest {
    prefix: String,
    set: Option<String>,
    /// Normalised to seconds: a day's start.
    from: Option<String>,
    /// Normalised to seconds: a day's end.
    until: Option<String>,
    /// The sequence number of the last record sent.
    after_seq: i64,
    /// How many records were sent before this answer.
    cursor: u64,
    /// The list's size when the harvest began, once counted.
    size: Option<u64>,
}

/// The largest cursor or size a token may carry.
const MAX_POSITION: u64 = i64::MAX as u64;

fn bad_token(why: &str) -> Failure {
    oai_error(
        "badResumptionToken",
        format!("not a resumption token of this repository: {why}"),
    )
}

/// A resumption token of this repository, checked: signed by its key, its
/// numbers in range, its position not past the archive's last change.
fn parse_token(token: &str, key: &[u8; 32], last_change: i64) -> Result<Harvest, Failure> {
    let h = Harvest::from_token(token, key).ok_or_else(|| bad_token("malformed or altered"))?;
    if h.after_seq > last_change {
        return Err(bad_token("its position is past the archive's last change"));
    }
    Ok(h)
}

impl Harvest {
    /// The harvest a list request asks for: from its resumption token, or
    /// from its arguments when it starts one.
    fn of_request(args: &Args, key: &[u8; 32], last_change: i64) -> Result<Harvest, Failure> {
        match arg(args, "resumptionToken") {
            Some(token) => parse_token(token, key, last_change),
            None => Harvest::from_args(args),
        }
    }

    fn from_args(args: &Args) -> Result<Harvest, Failure> {
        let bad = |m: String| oai_error("badArgument", m);
        let from = arg(args, "from")
            .map(|s| {
                parse_datestamp(s, false).ok_or_else(|| {
                    bad(format!(
                        "from: {s:?} is not a UTC datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)"
                    ))
                })
            })
            .transpose()?;
        let until = arg(args, "until")
            .map(|s| {
                parse_datestamp(s, true).ok_or_else(|| {
                    bad(format!(
                        "until: {s:?} is not a UTC datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)"
                    ))
                })
            })
            .transpose()?;
        if let (Some((f, fg)), Some((u, ug))) = (&from, &until) {
            if fg != ug {
                return Err(bad(
                    "from and until must have the same granularity".to_string()
                ));
            }
            if f > u {
                return Err(bad("from is later than until".to_string()));
            }
        }
        let set = arg(args, "set").map(str::to_string);
        if let Some(s) = &set {
            if !valid_set_spec(s) {
                return Err(bad(format!("{s:?} is not a set spec")));
            }
        }
        let prefix = arg(args, "metadataPrefix").unwrap_or_default();
        check_prefix(prefix)?;
        Ok(Harvest {
            prefix: prefix.to_string(),
            set,
            from: from.map(|(d, _)| d),
            until: until.map(|(d, _)| d),
            after_seq: 0,
            cursor: 0,
            size: None,
        })
    }

    /// The token: `prefix!set!from!until!after_seq!cursor!size!mac`,
    /// empty fields for arguments not given, `mac` the first 16 bytes of the
    /// HMAC-SHA-256 of what precedes it, in hexadecimal. No field can hold
    /// a `!`.
    fn token(&self, key: &[u8; 32]) -> String {
        let body = format!(
            "{}!{}!{}!{}!{}!{}!{}",
            self.prefix,
            self.set.as_deref().unwrap_or(""),
            self.from.as_deref().unwrap_or(""),
            self.until.as_deref().unwrap_or(""),
            self.after_seq,
            self.cursor,
            self.size.map_or(String::new(), |s| s.to_string()),
        );
        let mac = hex(&hmac(key, body.as_bytes())[..16]);
        format!("{body}!{mac}")
    }

    /// The harvest a token of this repository stands for; `None` for any
    /// token it did not sign or whose fields are out of range.
    fn from_token(token: &str, key: &[u8; 32]) -> Option<Harvest> {
        let (body, mac) = token.rsplit_once('!')?;
        let mac: [u8; 16] = from_hex(mac)?;
        let expected = hmac(key, body.as_bytes());
        // Compared in constant time.
        if mac
            .iter()
            .zip(&expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            != 0
        {
            return None;
        }
        let parts: Vec<&str> = body.split('!').collect();
        let [prefix, set, from, until, after_seq, cursor, size] = parts.as_slice() else {
            return None;
        };
        if !FORMATS.iter().any(|(p, _, _)| p == prefix) {
            return None;
        }
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let stamp = |s: &str| {
            if s.is_empty() {
                return Some(None);
            }
            match parse_datestamp(s, false) {
                Some((_, Granularity::Seconds)) => Some(Some(s.to_string())),
                _ => None,
            }
        };
        if !set.is_empty() && !valid_set_spec(set) {
            return None;
        }
        // Digits only (`parse` would also take a sign), within i64.
        let number = |s: &str| -> Option<u64> {
            if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok().filter(|n| *n <= MAX_POSITION)
        };
        Some(Harvest {
            prefix: (*prefix).to_string(),
            set: optional(set),
            from: stamp(from)?,
            until: stamp(until)?,
            after_seq: number(after_seq)? as i64,
            cursor: number(cursor)?,
            size: if size.is_empty() {
                None
            } else {
                Some(number(size)?)
            },
        })
    }

    /// Checks a token's fields without its signature: what a fuzzer can
    /// reach past the signature check.
    #[cfg(test)]
    fn unsigned(body: &str) -> Option<Harvest> {
        let key = [7; 32];
        let mac = hex(&hmac(&key, body.as_bytes())[..16]);
        Harvest::from_token(&format!("{body}!{mac}"), &key)
    }
}

/// Set specs here are letters and digits in parts joined by colons.
fn valid_set_spec(s: &str) -> bool {
    s.split(':')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A repository's name as a set spec part: its ASCII letters and digits, or
/// the hexadecimal UTF-8 of a name that has none.
fn slug(repository: &str) -> String {
    let s: String = repository
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if s.is_empty() {
        let mut hex = String::from("x");
        for b in repository.bytes() {
            let _ = write!(hex, "{b:02x}");
        }
        hex
    } else {
        s
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Granularity {
    Day,
    Seconds,
}

/// A `from` or `until` argument, normalised to seconds (a day argument to
/// its first second, or for `until` its last).
fn parse_datestamp(s: &str, until: bool) -> Option<(String, Granularity)> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    if b.len() != 10 && b.len() != 20 {
        return None;
    }
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    jiff::civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    if b.len() == 10 {
        let time = if until { "23:59:59" } else { "00:00:00" };
        return Some((format!("{s}T{time}Z"), Granularity::Day));
    }
    if b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let (h, m, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    jiff::civil::Time::new(
        i8::try_from(h).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(sec).ok()?,
        0,
    )
    .ok()?;
    Some((s.to_string(), Granularity::Seconds))
}

/// `application/x-www-form-urlencoded` pairs; `None` for bad escapes or
/// text that is not UTF-8.
fn parse_query(raw: &str) -> Option<Args> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((
                crate::http::percent_decode_strict(k)?,
                crate::http::percent_decode_strict(v)?,
            ))
        })
        .collect()
}

/// The set specs a document belongs to.
fn set_specs(listed: &ListedDocument) -> Vec<String> {
    let mut specs = Vec::new();
    if let Some(r) = &listed.repository {
        specs.push(format!("repo:{}", slug(r)));
    }
    for l in &listed.languages {
        if valid_set_spec(l) {
            specs.push(format!("lang:{l}"));
        }
    }
    if valid_set_spec(&listed.doc_type) {
        specs.push(format!("type:{}", listed.doc_type));
    }
    specs
}

fn header_xml(listed: &ListedDocument) -> String {
    let mut out = format!(
        "<header><identifier>{}</identifier><datestamp>{}</datestamp>",
        escape(&format!("{ID_PREFIX}{}", listed.id), Context::Text),
        escape(&listed.updated_at, Context::Text)
    );
    for spec in set_specs(listed) {
        let _ = write!(out, "<setSpec>{}</setSpec>", escape(&spec, Context::Text));
    }
    out.push_str("</header>\n");
    out
}

/// The languages of a document: its original's first, then its texts'.
fn languages(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let all = doc
        .original_languages
        .iter()
        .chain(doc.texts.iter().map(|t| &t.language));
    for l in all {
        if !l.is_und() && !out.iter().any(|c| c == l.code()) {
            out.push(l.code().to_string());
        }
    }
    out
}

/// What simple Dublin Core says of a document, from the document or,
/// without decoding its texts, from its stored JSON form (whose fields it
/// names; unknown and unused fields are skipped).
#[derive(Debug, Default, PartialEq, serde::Deserialize)]
#[serde(from = "DcJson")]
struct DcFields {
    title: String,
    date: Option<String>,
    summary: Option<String>,
    languages: Vec<String>,
    source: Option<String>,
    translators: Vec<String>,
    doc_type: String,
    publisher: Option<String>,
}

impl DcFields {
    fn of(doc: &Document) -> DcFields {
        DcFields {
            title: doc.title.clone(),
            date: doc
                .date()
                .and_then(|d| d.value.as_ref().map(|v| v.to_edtf(d.certainty))),
            summary: doc.summary.clone(),
            languages: languages(doc),
            source: doc
                .citation
                .archival_reference
                .as_ref()
                .map(|r| r.text.clone()),
            translators: doc.citation.translators.clone(),
            doc_type: doc.doc_type.as_str().to_string(),
            publisher: doc.citation.publisher.clone(),
        }
    }

    fn xml(&self, permalink: &str) -> String {
        let mut out = String::from(
            "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ \
             http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">\n",
        );
        let mut element = |name: &str, value: &str| {
            if !value.trim().is_empty() {
                let _ = writeln!(
                    out,
                    "<dc:{name}>{}</dc:{name}>",
                    escape(value.trim(), Context::Text)
                );
            }
        };
        element("title", &self.title);
        if let Some(date) = &self.date {
            element("date", date);
        }
        if let Some(summary) = &self.summary {
            element("description", summary);
        }
        for l in &self.languages {
            element("language", l);
        }
        if let Some(source) = &self.source {
            element("source", source);
        }
        element("identifier", permalink);
        for t in &self.translators {
            element("contributor", t);
        }
        element("type", &self.doc_type);
        if let Some(p) = &self.publisher {
            element("publisher", p);
        }
        out.push_str("</oai_dc:dc>\n");
        out
    }
}

/// The fields of the JSON form (docs/document-json.md) Dublin Core reads.
#[derive(serde::Deserialize)]
struct DcJson {
    #[serde(default)]
    title: String,
    #[serde(default)]
    dates: Vec<DcJsonDate>,
    #[serde(default)]
    doc_type: String,
    summary: Option<String>,
    #[serde(default)]
    citation: DcJsonCitation,
    #[serde(default)]
    original_languages: Vec<String>,
    #[serde(default)]
    texts: Vec<DcJsonText>,
}

#[derive(serde::Deserialize)]
struct DcJsonDate {
    edtf: Option<String>,
}

#[derive(Default, serde::Deserialize)]
struct DcJsonCitation {
    publisher: Option<String>,
    archival_reference: Option<DcJsonReference>,
    #[serde(default)]
    translators: Vec<String>,
}

#[derive(serde::Deserialize)]
struct DcJsonReference {
    text: String,
}

#[derive(serde::Deserialize)]
struct DcJsonText {
    language: String,
}

impl From<DcJson> for DcFields {
    fn from(j: DcJson) -> DcFields {
        let mut languages: Vec<String> = Vec::new();
        for l in j
            .original_languages
            .into_iter()
            .chain(j.texts.into_iter().map(|t| t.language))
        {
            if l != "und" && !languages.contains(&l) {
                languages.push(l);
            }
        }
        DcFields {
            title: j.title,
            date: j.dates.into_iter().find_map(|d| d.edtf),
            summary: j.summary,
            languages,
            source: j.citation.archival_reference.map(|r| r.text),
            translators: j.citation.translators,
            doc_type: j.doc_type,
            publisher: j.citation.publisher,
        }
    }
}

/// Simple Dublin Core.
fn oai_dc(doc: &Document, permalink: &str) -> String {
    DcFields::of(doc).xml(permalink)
}

/// The document's full TEI, as `fonds export --format tei` writes it,
/// without the XML declaration so that it sits inside the OAI response.
fn tei(doc: &Document) -> String {
    let full = fonds_tei::write_tei(doc);
    let body = match full.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or(rest, |(_, after)| after),
        None => &full,
    };
    body.trim_start().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datestamps() {
        assert_eq!(
            parse_datestamp("2024-02-29", true),
            Some(("2024-02-29T23:59:59Z".into(), Granularity::Day))
        );
        assert_eq!(
            parse_datestamp("2024-02-29T01:02:03Z", false),
            Some(("2024-02-29T01:02:03Z".into(), Granularity::Seconds))
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-01-01T24:00:00Z",
            "2024-1-01",
            "2024-01-01T00:00:00",
            "+024-01-01",
        ] {
            assert_eq!(parse_datestamp(bad, false), None, "{bad}");
        }
    }

    #[test]
    fn tokens_round_trip_and_refuse_tampering() {
        let key = [42; 32];
        let h = Harvest {
            prefix: "oai_dc".into(),
            set: Some("lang:de".into()),
            from: Some("2024-01-01T00:00:00Z".into()),
            until: None,
            after_seq: 1234,
            cursor: 200,
            size: Some(3000),
        };
        let token = h.token(&key);
        assert_eq!(Harvest::from_token(&token, &key), Some(h.clone()));
        // Another key, or any changed character, and the token is refused.
        assert_eq!(Harvest::from_token(&token, &[43; 32]), None);
        for i in 0..token.len() {
            let mut altered = token.clone().into_bytes();
            altered[i] = if altered[i] == b'1' { b'2' } else { b'1' };
            let altered = String::from_utf8(altered).unwrap();
            if altered != token {
                assert_eq!(Harvest::from_token(&altered, &key), None, "{altered}");
            }
        }
        // Signed, but out of range or malformed.
        for bad in [
            "",
            "x",
            "oai_dc!!!!-1!0!",
            "marc!!!!1!0!",
            "oai_dc!a b!!!1!0!",
            "oai_dc!!2024-01-01!!1!0!",
            "oai_dc!!!!1!+1!",
            "oai_dc!!!!1!18446744073709551615!",
            "oai_dc!!!!1!9223372036854775808!",
            "oai_dc!!!!99999999999999999999!0!",
            "oai_dc!!!!1!0!!",
            "oai_dc!!!!1!0",
        ] {
            assert_eq!(Harvest::unsigned(bad), None, "{bad}");
        }
        assert!(Harvest::unsigned("oai_dc!!!!1!9223372036854775807!").is_some());
        // Past the archive's last change.
        let far = Harvest {
            after_seq: 6000,
            ..h.clone()
        };
        assert!(parse_token(&far.token(&key), &key, 5000).is_err());
        assert!(parse_token(&h.token(&key), &key, 5000).is_ok());
    }

    #[test]
    fn dublin_core_from_the_stored_json_is_the_documents() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let Ok(doc) = fonds_ingest::load(&path) else {
                continue;
            };
            let json = fonds_json::to_json(&doc).to_string();
            let skimmed: DcFields = serde_json::from_str(&json).unwrap();
            assert_eq!(skimmed, DcFields::of(&doc), "{}", path.display());
            n += 1;
        }
        assert!(n > 10, "{n} fixtures");
    }

    #[test]
    fn escaping_and_slugs() {
        assert_eq!(
            escape("a<&>\"'\u{1}b", Context::Attribute),
            "a&lt;&amp;&gt;&quot;&apos;\u{FFFD}b"
        );
        assert_eq!(slug("AVP RF"), "AVPRF");
        assert_eq!(slug("档案"), "xe6a1a3e6a188");
        assert!(valid_set_spec("repo:GARF") && !valid_set_spec("repo:") && !valid_set_spec("a b"));
    }

    #[test]
    fn arguments() {
        let args = |q: &str| parse_query(q).unwrap();
        assert!(check_arguments("Identify", &args("verb=Identify")).is_ok());
        assert!(check_arguments("Identify", &args("verb=Identify&x=1")).is_err());
        assert!(check_arguments("ListRecords", &args("verb=ListRecords")).is_err());
        assert!(check_arguments(
            "ListRecords",
            &args("verb=ListRecords&metadataPrefix=oai_dc&set=a&set=b")
        )
        .is_err());
        assert!(check_arguments(
            "ListRecords",
            &args("verb=ListRecords&resumptionToken=t&set=a")
        )
        .is_err());
        assert!(
            check_arguments("ListRecords", &args("verb=ListRecords&resumptionToken=t")).is_ok()
        );
        assert_eq!(
            args("a=%C3%A9+b"),
            vec![("a".to_string(), "é b".to_string())]
        );
        assert!(parse_query("a=%zz").is_none());
    }
}
