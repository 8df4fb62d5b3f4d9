//! Fuzzes the JSON-form reader and the format sniffing in front of it:
//! malformed documents give errors, never panics, and a text that opens as
//! JSON is never read as a record.
//!
//! Random bytes rarely nest deeply, so the first two bytes choose a prefix
//! of brackets (arrays, objects or both, up to a few thousand deep) put
//! before the rest: the fuzzer reaches serde_json's recursion limit and the
//! sniffing of `[` and `{` as often as it likes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = fonds_json::from_json(&value);
    }
    let [kind, depth, rest @ ..] = data else {
        return;
    };
    let depth = usize::from(*depth) * 16;
    let mut text = String::with_capacity(depth * 5 + rest.len());
    for i in 0..depth {
        let array = match kind % 3 {
            0 => true,
            1 => false,
            _ => i % 2 == 0,
        };
        text.push_str(if array { "[" } else { "{\"a\":" });
    }
    text.push_str(&String::from_utf8_lossy(rest));
    let source = fonds_ingest::Source {
        path: PathBuf::from("fuzz.json"),
        bytes: text.as_bytes().to_vec(),
        text,
    };
    let result = fonds_ingest::parse_all(&source);
    if depth > 128 {
        // Deeper than any JSON fonds reads: refused as JSON.
        assert!(
            matches!(result, Err(fonds_ingest::IngestError::JsonSyntax { .. })),
            "{depth} brackets deep: {result:?}"
        );
    }
});
