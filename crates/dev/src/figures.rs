//! Measuring: percentiles, peak memory, sizes on disk.

use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

/// The nearest-rank percentile of sorted durations, in milliseconds.
pub fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// p50, p95 and p99 of some latencies, with their count, as JSON.
pub fn latencies(mut times: Vec<Duration>) -> Value {
    times.sort();
    json!({
        "n": times.len(),
        "p50_ms": percentile_ms(&times, 0.50),
        "p95_ms": percentile_ms(&times, 0.95),
        "p99_ms": percentile_ms(&times, 0.99),
    })
}

/// Peak resident memory of this process so far, in bytes (Linux's VmHWM).
pub fn peak_rss_bytes() -> u64 {
    proc_kib("/proc/self/status", "VmHWM:") * 1024
}

/// Proportional resident memory of this process now (smaps_rollup's Pss),
/// in bytes: its own pages and its share of those it shares.
pub fn pss_bytes() -> u64 {
    proc_kib("/proc/self/smaps_rollup", "Pss:") * 1024
}

/// The kibibytes on the line of a /proc file that starts with `key`; 0 if none.
fn proc_kib(path: &str, key: &str) -> u64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .unwrap_or(0)
}

/// Bytes of the files under a directory.
pub fn dir_bytes(p: &Path) -> u64 {
    std::fs::read_dir(p).map_or(0, |entries| {
        entries
            .filter_map(|e| e.ok())
            .map(|e| match e.metadata() {
                Ok(m) if m.is_dir() => dir_bytes(&e.path()),
                Ok(m) => m.len(),
                Err(_) => 0,
            })
            .sum()
    })
}
