//! Fuzzes the query language: any string parses or gives an error with a
//! column inside the query, and a parsed query prints back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match fonds_query::parse(text) {
        Ok(q) => {
            let printed = q.to_string();
            if printed.chars().count() <= fonds_query::MAX_QUERY_CHARS {
                assert_eq!(fonds_query::parse(&printed).as_ref(), Ok(&q));
            }
        }
        Err(e) => assert!(e.offset <= text.len()),
    }
});
