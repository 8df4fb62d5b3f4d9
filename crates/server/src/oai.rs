//! OAI-PMH 2.0 at `/oai`: the six verbs over the archive's current documents,
//! in the `oai_dc` and `tei` metadata formats, with sets by repository
//! (`repo:GARF`), language (`lang:ru`) and document type (`type:telegram`).
//!
//! Records are listed in change order (the store's sequence number), so a
//! resumption token needs only the query and the last sequence number sent: a
//! token stays valid however long a harvester waits, and a document changed
//! during a harvest comes again at the end. The datestamp of a record is its
//! document's last change (`updated_at`, UTC, to the second). The archive
//! keeps no deleted records. The XML is written by hand, every value escaped.

use crate::wire::escape_html as escape;
use crate::ApiError;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use fonds_archive::{Archive, ArchiveError};
use fonds_core::{Document, Lang};
use fonds_store::{rfc3339, Clock, ListFilter, ListedDocument, StoreError, SystemClock};
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

/// The answer to an OAI-PMH request, GET or POST.
pub async fn handler(
    State(archive): State<Arc<Archive>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: String,
) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_string();
    let raw = if method == Method::POST {
        body
    } else {
        uri.query().unwrap_or("").to_string()
    };
    let request = Request {
        archive: &archive,
        host: &host,
    };
    let xml = match request.answer(&raw).await {
        Ok(xml) => xml,
        Err(e) => return ApiError::from(ArchiveError::from(e)).into_response(),
    };
    ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response()
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

/// Why a request failed: a protocol error the client caused, or the store.
#[derive(Debug)]
enum Failure {
    Oai(OaiError),
    Store(StoreError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

type Args = Vec<(String, String)>;

struct Request<'a> {
    archive: &'a Archive,
    host: &'a str,
}

impl Request<'_> {
    fn base_url(&self) -> String {
        format!("http://{}/oai", self.host)
    }

    /// The whole response document for a raw query string; protocol errors
    /// are answered in it, only the store's failures are not.
    async fn answer(&self, raw: &str) -> Result<String, StoreError> {
        let Some(args) = parse_query(raw) else {
            return Ok(self.error_document(
                None,
                &OaiError {
                    code: "badArgument",
                    message: "the request's arguments are not well-formed URL encoding".into(),
                },
            ));
        };
        let verbs: Vec<&str> = args
            .iter()
            .filter(|(k, _)| k == "verb")
            .map(|(_, v)| v.as_str())
            .collect();
        let verb = match verbs.as_slice() {
            [one] if VERBS.contains(one) => *one,
            [] => return Ok(self.bad_verb("the verb argument is missing")),
            [_] => return Ok(self.bad_verb(&format!("{:?} is not an OAI-PMH verb", verbs[0]))),
            _ => return Ok(self.bad_verb("the verb argument is repeated")),
        };
        if let Err(e) = check_arguments(verb, &args) {
            return Ok(self.error_document(None, &e));
        }
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
            Err(Failure::Store(e)) => Err(e),
        }
    }

    fn bad_verb(&self, message: &str) -> String {
        self.error_document(
            None,
            &OaiError {
                code: "badVerb",
                message: message.into(),
            },
        )
    }

    fn error_document(&self, echo: Option<&Args>, e: &OaiError) -> String {
        let body = format!(
            "<error code=\"{}\">{}</error>\n",
            e.code,
            escape(&e.message)
        );
        self.document(echo, &body)
    }

    fn document(&self, echo: Option<&Args>, body: &str) -> String {
        envelope(self.host, echo, body)
    }

    async fn identify(&self) -> Result<String, Failure> {
        let earliest = self
            .archive
            .store()
            .earliest_updated()
            .await?
            .unwrap_or_else(|| rfc3339(0));
        Ok(format!(
            "<Identify>\n<repositoryName>fonds</repositoryName>\n<baseURL>{}</baseURL>\n\
             <protocolVersion>2.0</protocolVersion>\n<adminEmail>admin@localhost</adminEmail>\n\
             <earliestDatestamp>{}</earliestDatestamp>\n<deletedRecord>no</deletedRecord>\n\
             <granularity>YYYY-MM-DDThh:mm:ssZ</granularity>\n</Identify>\n",
            escape(&self.base_url()),
            escape(&earliest)
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
        let (repositories, languages, types) = self.archive.store().facet_values().await?;
        let mut out = String::from("<ListSets>\n");
        let mut set = |spec: &str, name: &str| {
            let _ = writeln!(
                out,
                "<set><setSpec>{}</setSpec><setName>{}</setName></set>",
                escape(spec),
                escape(name)
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
        Ok(format!(
            "<GetRecord>\n{}</GetRecord>\n",
            self.record(prefix, &listed)
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
        self.archive.store().listed(id).await?.ok_or_else(missing)
    }

    /// ListIdentifiers and ListRecords, from their arguments or a token.
    async fn list(&self, verb: &str, args: &Args) -> Result<String, Failure> {
        let query = match arg(args, "resumptionToken") {
            Some(token) => Harvest::from_token(token).ok_or_else(|| {
                oai_error(
                    "badResumptionToken",
                    format!("{token:?} is not a resumption token of this repository"),
                )
            })?,
            None => Harvest::from_args(args)?,
        };
        let Some(filter) = self.filter(&query).await? else {
            return Err(no_records());
        };
        let store = self.archive.store();
        let with_documents = verb == "ListRecords";
        let mut page = store
            .list(&filter, query.after_seq, PAGE_SIZE + 1, with_documents)
            .await?;
        if page.is_empty() {
            return Err(no_records());
        }
        let more = page.len() as i64 > PAGE_SIZE;
        page.truncate(PAGE_SIZE as usize);
        let mut out = format!("<{verb}>\n");
        for listed in &page {
            if with_documents {
                out.push_str(&self.record(&query.prefix, listed));
            } else {
                out.push_str(&header_xml(listed));
            }
        }
        if more || query.cursor > 0 {
            let size = store.count_matching(&filter).await?;
            let _ = write!(
                out,
                "<resumptionToken completeListSize=\"{size}\" cursor=\"{}\">",
                query.cursor
            );
            if more {
                let next = Harvest {
                    after_seq: page.last().map_or(query.after_seq, |l| l.seq),
                    cursor: query.cursor + page.len() as u64,
                    ..query.clone()
                };
                out.push_str(&escape(&next.token()));
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
                let (repositories, _, _) = self.archive.store().facet_values().await?;
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

    fn record(&self, prefix: &str, listed: &ListedDocument) -> String {
        let metadata = match (&listed.document, prefix) {
            (Some(doc), "tei") => tei(doc, &self.permalink(&listed.id)),
            (Some(doc), _) => oai_dc(doc, &self.permalink(&listed.id)),
            (None, _) => String::new(),
        };
        format!(
            "<record>\n{}<metadata>\n{metadata}</metadata>\n</record>\n",
            header_xml(listed)
        )
    }

    fn permalink(&self, id: &str) -> String {
        format!("http://{}/doc/{id}", self.host)
    }
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
        let _ = write!(out, " {}=\"{}\"", k, escape(v));
    }
    let _ = writeln!(out, ">{}</request>", escape(&format!("http://{host}/oai")));
    out.push_str(body);
    out.push_str("</OAI-PMH>\n");
    out
}

/// A whole OAI-PMH error document, its request element bare: what an
/// error outside the verbs (a limit, a timeout, a refused method) answers.
pub(crate) fn error_document(host: &str, code: &str, message: &str) -> String {
    envelope(
        host,
        None,
        &format!("<error code=\"{code}\">{}</error>\n", escape(message)),
    )
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
}

impl Harvest {
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
        })
    }

    /// The token: `prefix!set!from!until!after_seq!cursor`, empty fields
    /// for arguments not given. No field can hold a `!`.
    fn token(&self) -> String {
        format!(
            "{}!{}!{}!{}!{}!{}",
            self.prefix,
            self.set.as_deref().unwrap_or(""),
            self.from.as_deref().unwrap_or(""),
            self.until.as_deref().unwrap_or(""),
            self.after_seq,
            self.cursor
        )
    }

    fn from_token(token: &str) -> Option<Harvest> {
        let parts: Vec<&str> = token.split('!').collect();
        let [prefix, set, from, until, after_seq, cursor] = parts.as_slice() else {
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
        let after_seq: i64 = after_seq.parse().ok().filter(|n| *n >= 0)?;
        // Digits only: `parse` would also take a sign.
        if !cursor.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Harvest {
            prefix: (*prefix).to_string(),
            set: optional(set),
            from: stamp(from)?,
            until: stamp(until)?,
            after_seq,
            cursor: cursor.parse().ok()?,
        })
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
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days {
        return None;
    }
    if b.len() == 10 {
        let time = if until { "23:59:59" } else { "00:00:00" };
        return Some((format!("{s}T{time}Z"), Granularity::Day));
    }
    if b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let (h, m, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    Some((s.to_string(), Granularity::Seconds))
}

/// `application/x-www-form-urlencoded` pairs; `None` for bad escapes or
/// text that is not UTF-8.
fn parse_query(raw: &str) -> Option<Args> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
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
        escape(&format!("{ID_PREFIX}{}", listed.id)),
        escape(&listed.updated_at)
    );
    for spec in set_specs(listed) {
        let _ = write!(out, "<setSpec>{}</setSpec>", escape(&spec));
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

/// Simple Dublin Core.
fn oai_dc(doc: &Document, permalink: &str) -> String {
    let mut out = String::from(
        "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ \
         http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">\n",
    );
    let mut element = |name: &str, value: &str| {
        if !value.trim().is_empty() {
            let _ = writeln!(out, "<dc:{name}>{}</dc:{name}>", escape(value.trim()));
        }
    };
    element("title", &doc.title);
    if let Some(d) = doc.date() {
        if let Some(v) = &d.value {
            element("date", &v.to_edtf(d.certainty));
        }
    }
    if let Some(summary) = &doc.summary {
        element("description", summary);
    }
    for l in languages(doc) {
        element("language", &l);
    }
    if let Some(r) = &doc.citation.archival_reference {
        element("source", &r.text);
    }
    element("identifier", permalink);
    for t in &doc.citation.translators {
        element("contributor", t);
    }
    element("type", doc.doc_type.as_str());
    if let Some(p) = &doc.citation.publisher {
        element("publisher", p);
    }
    out.push_str("</oai_dc:dc>\n");
    out
}

/// The document's full TEI, as `fonds export --format tei` writes it,
/// without the XML declaration so that it sits inside the OAI response.
fn tei(doc: &Document, _permalink: &str) -> String {
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
        let h = Harvest {
            prefix: "oai_dc".into(),
            set: Some("lang:de".into()),
            from: Some("2024-01-01T00:00:00Z".into()),
            until: None,
            after_seq: 1234,
            cursor: 200,
        };
        assert_eq!(Harvest::from_token(&h.token()), Some(h));
        for bad in [
            "",
            "x",
            "oai_dc!!!!-1!0",
            "marc!!!!1!0",
            "oai_dc!a b!!!1!0",
            "oai_dc!!2024-01-01!!1!0",
            "oai_dc!!!!1!+1",
            "oai_dc!!!!1!0!",
        ] {
            assert_eq!(Harvest::from_token(bad), None, "{bad}");
        }
    }

    #[test]
    fn escaping_and_slugs() {
        assert_eq!(escape("a<&>\"'\u{1}b"), "a&lt;&amp;&gt;&quot;&apos;b");
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
