//! Fuzzes the TEI reader: malformed or hostile XML gives an error, never a
//! panic, and what it reads survives the JSON form.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(docs) = fonds_tei::read_tei(text, Some("fuzz.xml")) {
        for doc in docs {
            let back = fonds_json::from_json(&fonds_json::to_json(&doc)).expect("the JSON form reads back");
            assert_eq!(back, doc);
        }
    }
});
