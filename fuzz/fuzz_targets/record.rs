//! Fuzzes the record-format reader: it must never panic, and its output must
//! survive the JSON form unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let doc = fonds_core::record::read_record(text, Some("fuzz.txt"));
    let json = fonds_json::to_json(&doc);
    let back = fonds_json::from_json(&json).expect("the JSON form reads back");
    assert_eq!(back, doc);
});
