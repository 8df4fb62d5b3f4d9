//! Inputs a hostile probe can offer, refused with a reason: JSON nested
//! beyond reason.

use fonds_ingest::{IngestError, Source};
use std::path::PathBuf;

fn parse(text: &str) -> Result<Vec<fonds_core::Document>, IngestError> {
    fonds_ingest::parse_all(&Source {
        path: PathBuf::from("deep.json"),
        text: text.to_string(),
        bytes: text.as_bytes().to_vec(),
    })
}

#[test]
fn json_nested_beyond_reason_is_refused_as_json() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        for text in [
            open.repeat(100_000),
            open.repeat(100_000) + &close.repeat(100_000),
        ] {
            let e = parse(&text).unwrap_err();
            assert!(
                matches!(&e, IngestError::JsonSyntax { message, .. } if message.contains("nested")),
                "{open}: {e}"
            );
        }
    }
    // Invalid JSON that opens as an array is refused as JSON too.
    assert!(matches!(
        parse("[1, 2,").unwrap_err(),
        IngestError::JsonSyntax { .. }
    ));
    // An array is not a fonds document.
    assert!(matches!(
        parse("[]").unwrap_err(),
        IngestError::JsonForm { .. }
    ));
    // A record that opens with a bracketed word is still a record.
    let docs = parse("[Translation]\n\n# A record\n\nText.\n").unwrap();
    assert_eq!(docs.len(), 1);
}
