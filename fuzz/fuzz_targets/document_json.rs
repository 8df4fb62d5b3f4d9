//! Fuzzes the JSON-form reader: malformed documents give errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = fonds_ingest::from_json(&value);
    }
});
