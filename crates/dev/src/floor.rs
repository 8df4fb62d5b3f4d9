//! Bare tantivy, the floor: what the same engine does with no fonds layer.
//!
//! The schema is minimal on purpose: title, summary and English texts under
//! tantivy's `en_stem` analyzer, Russian texts under the same chain with the
//! Russian stemmer, every other language under the default tokenizer, speaker
//! names, one facet field (type, language, repository) and the date as two
//! date fields (first and last day, so a range matches by overlap as it does
//! in fonds). No record reading, no store, no names across scripts, no
//! snippets: the gap between this and fonds is the price of those.
//!
//! The writer gets what fonds's gets (one indexing thread, 128 MB) and
//! commits once, at the end.

use crate::figures::{dir_bytes, latencies, peak_rss_bytes, pss_bytes};
use crate::mix::{self, Entry, Mix, Text};
use crate::Result;
use serde_json::{json, Value};
use std::io::BufRead;
use std::ops::Bound;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, FuzzyTermQuery, Occur, Query, QueryParser, RangeQuery, RegexQuery,
    TermQuery,
};
use tantivy::schema::{
    DateOptions, Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, Value as _, STORED, STRING,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{DateTime, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

#[derive(clap::Args)]
pub struct Options {
    #[arg(long)]
    pub corpus: PathBuf,
    /// A fresh directory for the index (created; must be empty).
    #[arg(long)]
    pub dir: PathBuf,
    #[arg(long)]
    pub queries: PathBuf,
    /// Repetitions of each query for the one-client latencies.
    #[arg(long, default_value_t = 50)]
    pub rounds: usize,
    /// Concurrent clients (threads) for the throughput figure.
    #[arg(long, default_value_t = 4)]
    pub clients: usize,
    /// Length in seconds of the concurrent phase.
    #[arg(long, default_value_t = 5.0)]
    pub clients_secs: f64,
    /// Upper bound in seconds on the one-client phase.
    #[arg(long, default_value_t = 60.0)]
    pub max_secs: f64,
    /// Only open the index already built in --dir, answer a first query and
    /// print the memory at rest.
    #[arg(long)]
    pub rest: bool,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    summary: Field,
    en: Field,
    ru: Field,
    other: Field,
    speakers: Field,
    facets: Field,
    date_from: Field,
    date_to: Field,
}

impl Fields {
    fn build() -> (Schema, Fields) {
        let text = |tokenizer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let date = DateOptions::default().set_indexed().set_fast();
        let mut b = Schema::builder();
        let fields = Fields {
            id: b.add_text_field("id", STRING | STORED),
            title: b.add_text_field("title", text("en_stem")),
            summary: b.add_text_field("summary", text("en_stem")),
            en: b.add_text_field("en", text("en_stem")),
            ru: b.add_text_field("ru", text("ru_stem")),
            other: b.add_text_field("other", text("default")),
            speakers: b.add_text_field("speakers", text("default")),
            facets: b.add_facet_field("facets", FacetOptions::default()),
            date_from: b.add_date_field("date_from", date.clone()),
            date_to: b.add_date_field("date_to", date),
        };
        (b.build(), fields)
    }

    fn from_schema(s: &Schema) -> Result<Fields> {
        let f = |name: &str| s.get_field(name).map_err(|e| e.to_string());
        Ok(Fields {
            id: f("id")?,
            title: f("title")?,
            summary: f("summary")?,
            en: f("en")?,
            ru: f("ru")?,
            other: f("other")?,
            speakers: f("speakers")?,
            facets: f("facets")?,
            date_from: f("date_from")?,
            date_to: f("date_to")?,
        })
    }

    fn text_fields(&self) -> Vec<Field> {
        vec![self.title, self.summary, self.en, self.ru, self.other]
    }
}

fn register_tokenizers(index: &Index) {
    index.tokenizers().register(
        "ru_stem",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::Russian))
            .build(),
    );
}

/// The first second (UTC) of a "YYYY-MM-DD" day.
fn date(s: &str) -> Option<DateTime> {
    let mut it = s.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    let day =
        jiff::civil::Date::new(y.try_into().ok()?, m.try_into().ok()?, d.try_into().ok()?).ok()?;
    let start = day.to_zoned(jiff::tz::TimeZone::UTC).ok()?;
    Some(DateTime::from_timestamp_secs(start.timestamp().as_second()))
}

fn document(f: &Fields, v: &Value) -> TantivyDocument {
    let s = |k: &str| v.get(k).and_then(Value::as_str);
    let mut d = TantivyDocument::default();
    d.add_text(f.id, s("id").unwrap_or_default());
    d.add_text(f.title, s("title").unwrap_or_default());
    if let Some(summary) = s("summary") {
        d.add_text(f.summary, summary);
    }
    let texts = v.get("original").into_iter().chain(
        v.get("translations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    for t in texts.filter(|t| !t.is_null()) {
        let body = t.get("text").and_then(Value::as_str).unwrap_or_default();
        let field = match t.get("lang").and_then(Value::as_str) {
            Some("en") => f.en,
            Some("ru") => f.ru,
            _ => f.other,
        };
        d.add_text(field, body);
    }
    for name in v
        .get("speakers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        d.add_text(f.speakers, name.as_str().unwrap_or_default());
    }
    if let Some(t) = s("doc_type") {
        d.add_facet(f.facets, Facet::from_path(["type", t]));
    }
    if let Some(r) = s("repository") {
        d.add_facet(f.facets, Facet::from_path(["repo", r]));
    }
    for l in v
        .get("langs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        d.add_facet(
            f.facets,
            Facet::from_path(["lang", l.as_str().unwrap_or_default()]),
        );
    }
    if let (Some(from), Some(to)) = (s("date").and_then(date), s("date_to").and_then(date)) {
        d.add_date(f.date_from, from);
        d.add_date(f.date_to, to);
    }
    d
}

/// The query for one entry; `None` when bare tantivy cannot express it.
fn query(index: &Index, f: &Fields, e: &Entry) -> Result<Option<Box<dyn Query>>> {
    let text: Box<dyn Query> = match &e.text {
        Text::Unsupported(_) => return Ok(None),
        Text::All => Box::new(AllQuery),
        Text::Parsed(q) => {
            let mut parser = QueryParser::for_index(index, f.text_fields());
            parser.set_conjunction_by_default();
            parser
                .parse_query(q)
                .map_err(|err| format!("{}: {q}: {err}", e.name))?
        }
        Text::Fuzzy(word, distance) => {
            let lower = word.to_lowercase();
            Box::new(BooleanQuery::new(
                f.text_fields()
                    .into_iter()
                    .map(|field| {
                        let q = FuzzyTermQuery::new(
                            Term::from_field_text(field, &lower),
                            *distance,
                            true,
                        );
                        (Occur::Should, Box::new(q) as Box<dyn Query>)
                    })
                    .collect(),
            ))
        }
        Text::Prefix(word) => {
            let pattern = format!("{}.*", escape_regex(&word.to_lowercase()));
            let mut clauses = Vec::new();
            for field in f.text_fields() {
                let q = RegexQuery::from_pattern(&pattern, field)?;
                clauses.push((Occur::Should, Box::new(q) as Box<dyn Query>));
            }
            Box::new(BooleanQuery::new(clauses))
        }
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
    let facet = |path: [&str; 2]| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_facet(f.facets, &Facet::from_path(path)),
            IndexRecordOption::Basic,
        ))
    };
    if let Some(t) = &e.filter.doc_type {
        clauses.push((Occur::Must, facet(["type", t])));
    }
    if let Some(l) = &e.filter.lang {
        clauses.push((Occur::Must, facet(["lang", l])));
    }
    if let Some(t) = &e.filter.not_type {
        clauses.push((Occur::MustNot, facet(["type", t])));
    }
    if let Some((from, to)) = &e.filter.date {
        let (from, to) = (date(from).ok_or("bad date")?, date(to).ok_or("bad date")?);
        // Overlap: the document starts before the range ends and ends after it starts.
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_date(f.date_from, to)),
            )),
        ));
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_date(f.date_to, from)),
                Bound::Unbounded,
            )),
        ));
    }
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

fn escape_regex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~\"@<>".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs a query as every peer does: the number of matches and the ids of
/// the best `limit`.
fn run_one(searcher: &Searcher, f: &Fields, q: &dyn Query, limit: usize) -> Result<usize> {
    let (count, top) = searcher.search(q, &(Count, TopDocs::with_limit(limit).order_by_score()))?;
    for (_, addr) in top {
        let d: TantivyDocument = searcher.doc(addr)?;
        std::hint::black_box(d.get_first(f.id).and_then(|v| v.as_str().map(str::len)));
    }
    Ok(count)
}

fn open(dir: &std::path::Path) -> Result<(Index, IndexReader, Fields)> {
    let index = Index::open_in_dir(dir)?;
    register_tokenizers(&index);
    let fields = Fields::from_schema(&index.schema())?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok((index, reader, fields))
}

pub fn run(o: &Options) -> Result<()> {
    let mix = mix::load(&o.queries, "tantivy")?;
    if o.rest {
        let (index, reader, f) = open(&o.dir)?;
        let first = QueryParser::for_index(&index, f.text_fields()).parse_query("Mikoyan")?;
        run_one(&reader.searcher(), &f, first.as_ref(), mix.limit)?;
        println!("{}", json!({ "rest_bytes": pss_bytes() }));
        return Ok(());
    }
    std::fs::create_dir_all(&o.dir)?;
    let (schema, f) = Fields::build();
    let index = Index::create_in_dir(&o.dir, schema)?;
    register_tokenizers(&index);

    // Import: read the JSON Lines, index, commit once.
    let started = Instant::now();
    let file =
        std::fs::File::open(&o.corpus).map_err(|e| format!("{}: {e}", o.corpus.display()))?;
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 128_000_000)?;
    let (mut docs, mut raw) = (0u64, 0u64);
    for line in std::io::BufReader::with_capacity(1 << 20, file).lines() {
        let v: Value = serde_json::from_str(&line?)?;
        raw += v.get("bytes").and_then(Value::as_u64).unwrap_or(0);
        writer.add_document(document(&f, &v))?;
        docs += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let import_secs = started.elapsed().as_secs_f64();
    drop(index);
    let index_bytes = dir_bytes(&o.dir);
    eprintln!(
        "tantivy (bare)  import {docs} docs in {import_secs:.2} s: {:.0} docs/s, {:.2} MB/s; index {:.1} MB",
        docs as f64 / import_secs,
        raw as f64 / 1e6 / import_secs,
        index_bytes as f64 / 1e6
    );

    // Cold start: open the index and answer a first query.
    let cold = Instant::now();
    let (index, reader, f) = open(&o.dir)?;
    let first = QueryParser::for_index(&index, f.text_fields()).parse_query("Mikoyan")?;
    let first_hits = run_one(&reader.searcher(), &f, first.as_ref(), mix.limit)?;
    let cold_start_ms = cold.elapsed().as_secs_f64() * 1000.0;
    eprintln!("tantivy (bare)  cold start {cold_start_ms:.1} ms ({first_hits} hits for Mikoyan)");
    let rest_bytes = rest_in_fresh_process()?;
    eprintln!(
        "tantivy (bare)  memory at rest {:.1} MB",
        rest_bytes as f64 / 1e6
    );

    let searcher = reader.searcher();
    let built: Vec<(Entry, Option<Box<dyn Query>>)> = mix
        .entries
        .iter()
        .map(|e| Ok((e.clone(), query(&index, &f, e)?)))
        .collect::<Result<_>>()?;
    // One untimed pass, as every peer makes.
    for q in built.iter().filter_map(|(_, q)| q.as_deref()) {
        run_one(&searcher, &f, q, mix.limit)?;
    }
    let (queries, mix1) = one_client(&searcher, &f, &mix, &built, o)?;
    let mix4 = clients(&searcher, &f, &mix, &built, o)?;

    let out = json!({
        "peer": "tantivy",
        "engine": format!("{} (bare, no fonds layer)", tantivy::version_string()),
        "docs": docs,
        "raw_bytes": raw,
        "import_secs": import_secs,
        "import_docs_per_s": docs as f64 / import_secs,
        "import_mb_per_s": raw as f64 / 1e6 / import_secs,
        "index_bytes": index_bytes,
        "peak_rss_bytes": peak_rss_bytes(),
        "cold_start_ms": cold_start_ms,
        "rest_bytes": rest_bytes,
        "queries": queries,
        "mix1": mix1,
        "mix4": mix4,
        "notes": [
            "one indexing thread and 128 MB, as fonds's writer; one commit at the end",
            "no names across scripts: Микоян and Mikoyan are different words",
        ],
    });
    println!("{out}");
    Ok(())
}

/// Runs this program again with `--rest` and reads the memory it prints:
/// the PSS of a fresh process that opened the index and answered a query.
fn rest_in_fresh_process() -> Result<u64> {
    let mut args = std::env::args_os();
    let program = args.next().ok_or("no program name")?;
    let out = std::process::Command::new(std::env::current_exe().unwrap_or(program.into()))
        .args(args)
        .arg("--rest")
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "the --rest run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(line.trim())?;
    v["rest_bytes"]
        .as_u64()
        .ok_or_else(|| "the --rest run printed no rest_bytes".into())
}

/// Each query `rounds` times in a row on one thread, within the time bound.
fn one_client(
    searcher: &Searcher,
    f: &Fields,
    mix: &Mix,
    built: &[(Entry, Option<Box<dyn Query>>)],
    o: &Options,
) -> Result<(Vec<Value>, Value)> {
    let budget = Duration::from_secs_f64(o.max_secs / built.len().max(1) as f64);
    let (mut all, mut out) = (Vec::new(), Vec::new());
    let phase = Instant::now();
    for (e, q) in built {
        let Some(q) = q else {
            let why = match &e.text {
                Text::Unsupported(w) => w.clone(),
                _ => String::new(),
            };
            eprintln!("tantivy (bare)  {:<22} not expressible: {why}", e.name);
            out.push(json!({"name": e.name, "kind": e.kind, "fonds": e.fonds, "supported": false, "why": why}));
            continue;
        };
        let (mut times, mut hits) = (Vec::new(), 0);
        let start = Instant::now();
        for _ in 0..o.rounds.max(1) {
            let t = Instant::now();
            hits = run_one(searcher, f, q.as_ref(), mix.limit)?;
            times.push(t.elapsed());
            if start.elapsed() > budget {
                break;
            }
        }
        all.extend(times.iter().copied());
        let l = latencies(times);
        eprintln!(
            "tantivy (bare)  {:<22} {hits:>6} hits  p50 {:>7.3} ms  p95 {:>7.3} ms  p99 {:>7.3} ms",
            e.name,
            l["p50_ms"].as_f64().unwrap_or(0.0),
            l["p95_ms"].as_f64().unwrap_or(0.0),
            l["p99_ms"].as_f64().unwrap_or(0.0)
        );
        let mut v = json!({"name": e.name, "kind": e.kind, "fonds": e.fonds, "supported": true, "hits": hits});
        for k in ["n", "p50_ms", "p95_ms", "p99_ms"] {
            v[k] = l[k].clone();
        }
        out.push(v);
    }
    let secs = phase.elapsed().as_secs_f64();
    let n = all.len();
    let mut mix1 = latencies(all);
    mix1["qps"] = json!(n as f64 / secs.max(1e-9));
    Ok((out, mix1))
}

/// `clients` threads sharing one searcher, each going round the mix from its
/// own starting point for `clients_secs` (and at most 100,000 times).
fn clients(
    searcher: &Searcher,
    f: &Fields,
    mix: &Mix,
    built: &[(Entry, Option<Box<dyn Query>>)],
    o: &Options,
) -> Result<Value> {
    let runnable: Vec<&dyn Query> = built.iter().filter_map(|(_, q)| q.as_deref()).collect();
    let deadline = Instant::now() + Duration::from_secs_f64(o.clients_secs);
    let start = Instant::now();
    let counts: Vec<Result<usize>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..o.clients.max(1))
            .map(|c| {
                let runnable = &runnable;
                s.spawn(move || -> Result<usize> {
                    let mut n = 0;
                    'rounds: for _ in 0..100_000 {
                        for k in 0..runnable.len() {
                            let q = runnable[(k + c) % runnable.len()];
                            run_one(searcher, f, q, mix.limit)?;
                            n += 1;
                            if Instant::now() > deadline {
                                break 'rounds;
                            }
                        }
                    }
                    Ok(n)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("a client panicked".into())))
            .collect()
    });
    let secs = start.elapsed().as_secs_f64();
    let mut total = 0;
    for c in counts {
        total += c?;
    }
    let qps = total as f64 / secs.max(1e-9);
    eprintln!(
        "tantivy (bare)  {} clients: {total} queries in {secs:.2} s, {qps:.0} queries/s",
        o.clients
    );
    Ok(json!({"clients": o.clients, "queries": total, "secs": secs, "qps": qps}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_its_first_second() {
        let secs = |s| date(s).map(|d| d.into_timestamp_secs());
        assert_eq!(secs("1970-01-02"), Some(86_400));
        assert_eq!(secs("2024-02-29"), Some(1_709_164_800));
        assert_eq!(secs("1917-11-07"), Some(-1_645_747_200));
        assert_eq!(secs("2023-02-29"), None);
        assert_eq!(secs("1962-03"), None);
    }
}
