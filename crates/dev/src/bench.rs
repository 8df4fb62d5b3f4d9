//! `fonds-dev bench`: a benchmark program that prints figures, never a test.
//!
//! It generates a corpus, imports it into a fresh archive, then measures
//! searches in process (a fixed query mix, with facets and snippets) and the
//! reader's pages over HTTP on loopback. Figures go to standard output.

use anyhow::Context;
use fonds_archive::Archive;
use fonds_archive::Viewer;
use fonds_search::SearchRequest;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The query mix: words, stems, a phrase, names across scripts, fields,
/// dates, fuzzy words and a prefix.
pub const QUERY_MIX: [&str; 12] = [
    "Mikoyan",
    "Микоян",
    "plenum",
    "терпение",
    "\"Kim Il Sung\"",
    "speaker:Mikoyan",
    "lang:de type:minutes",
    "date:1956..1960 delegation",
    "Mikoyn~",
    "Khrush*",
    "毛泽东",
    "(Mao OR Zhou) trade -type:telegram",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let total: Duration = times.iter().sum();
    println!(
        "{name:<28} n={:<5} p50={:>7.2} ms  p95={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms  {:>7.1}/s",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap_or(&Duration::ZERO)),
        times.len() as f64 / total.as_secs_f64().max(1e-9)
    );
}

fn get(addr: SocketAddr, path: &str) -> anyhow::Result<(u16, usize)> {
    let mut s = TcpStream::connect(addr)?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let status = std::str::from_utf8(&raw[..raw.len().min(16)])
        .unwrap_or("")
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()?;
    Ok((status, raw.len()))
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p).map_or(0, |rd| {
        rd.filter_map(|e| e.ok())
            .map(|e| {
                let m = e.metadata().ok();
                if m.as_ref().is_some_and(|m| m.is_dir()) {
                    dir_size(&e.path())
                } else {
                    m.map_or(0, |m| m.len())
                }
            })
            .sum()
    })
}

/// Peak resident memory of this process so far (Linux), in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Generates `count` records, imports them into a fresh archive and
/// measures it; or, given an `existing` archive, measures that one alone.
pub fn run(count: u64, seed: u64, rounds: usize, existing: Option<&Path>) -> anyhow::Result<()> {
    let base = std::env::temp_dir().join(format!("fonds-bench-{}", std::process::id()));
    let dir = existing.map_or_else(|| base.join("archive"), Path::to_path_buf);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if existing.is_none() {
        println!("fonds-dev bench: {count} generated records (seed {seed}), {cores} cores");
        rt.block_on(generate_and_import(&base, &dir, count, seed))?;
    } else {
        println!(
            "fonds bench: the archive in {}, {cores} cores",
            dir.display()
        );
    }
    rt.block_on(async {
        let cold = Instant::now();
        let archive = Arc::new(Archive::open(&dir).await?);
        let first = archive
            .search(&Viewer::owner(), "Mikoyan", &SearchRequest::default())
            .await?;
        println!(
            "cold start                   {:.1} ms to open and answer a first search ({} hits)",
            ms(cold.elapsed()),
            first.total
        );

        // Searches in process: the mix with facets and snippets, as the reader asks.
        let req = SearchRequest {
            limit: 20,
            facets: true,
            ..SearchRequest::default()
        };
        let mut all = Vec::new();
        for q in QUERY_MIX {
            let mut times = Vec::new();
            for _ in 0..rounds {
                let t = Instant::now();
                let r = archive
                    .search(&Viewer::owner(), q, &req)
                    .await
                    .with_context(|| format!("query {q}"))?;
                times.push(t.elapsed());
                std::hint::black_box(r.total);
            }
            all.extend(times.iter().copied());
            report(&format!("search {q}"), times);
        }
        report("search, whole mix", all);

        // Pages over HTTP on loopback.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = fonds_server::router(archive.clone());
        tokio::spawn(async move { axum_serve(listener, app).await });
        let doc = first
            .hits
            .first()
            .map(|h| h.card.id.clone())
            .unwrap_or_default();
        // The most documented person's page is the costliest one.
        let top = archive
            .persons(&Viewer::owner(), 1, 0)
            .await?
            .first()
            .map(|p| p.id.clone())
            .unwrap_or_else(|| "nobody".into());
        for (name, path) in [
            ("GET / (home)", "/".to_string()),
            ("GET /people", "/people".to_string()),
            ("GET /person/TOP", fonds_server::http::person_page(&top)),
            ("GET /api/network", "/api/network".to_string()),
            ("GET /search?q=Mikoyan", "/search?q=Mikoyan".to_string()),
            ("GET /doc/ID?q=Mikoyan", format!("/doc/{doc}?q=Mikoyan")),
            (
                "GET /api/search?q=Mikoyan",
                "/api/search?q=Mikoyan&facets=true".to_string(),
            ),
        ] {
            let mut times = Vec::new();
            for _ in 0..rounds {
                let p = path.clone();
                let t = Instant::now();
                let (status, _) = tokio::task::spawn_blocking(move || get(addr, &p)).await??;
                times.push(t.elapsed());
                anyhow::ensure!(status == 200, "{path} answered {status}");
            }
            report(name, times);
        }
        anyhow::Ok(())
    })?;
    if existing.is_none() {
        std::fs::remove_dir_all(&base).ok();
    }
    Ok(())
}

/// Writes `count` generated records under `base` and imports them into a
/// fresh archive in `dir`, printing the corpus, import and size figures.
async fn generate_and_import(base: &Path, dir: &Path, count: u64, seed: u64) -> anyhow::Result<()> {
    let records = base.join("records");
    let bytes = fonds_corpus::Generator::new(seed).write(&records, 0, count, |_| Ok(()))?;
    println!(
        "corpus                       {:.1} MB, mean {:.1} KB per record",
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / count.max(1) as f64
    );
    let archive = Archive::open(dir).await?;
    let start = Instant::now();
    let s = archive
        .import(std::slice::from_ref(&records), |_| {})
        .await?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "import                       {:.0} docs/s, {:.2} MB/s ({} docs in {:.1} s), peak RSS {:.0} MB",
        s.imported as f64 / secs,
        bytes as f64 / 1e6 / secs,
        s.imported,
        secs,
        peak_rss_mb()
    );
    println!(
        "archive size                 database+blobs {:.1} MB, index {:.1} MB",
        (dir_size(dir) - dir_size(&dir.join("index"))) as f64 / 1e6,
        dir_size(&dir.join("index")) as f64 / 1e6
    );
    Ok(())
}

async fn axum_serve(listener: tokio::net::TcpListener, app: fonds_server::Router) {
    let _ = fonds_server::serve_on(listener, app).await;
}
