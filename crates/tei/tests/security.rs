//! The reader refuses DTD internal subsets and entity declarations, so no
//! entity is ever expanded and nothing external is ever fetched.

use std::time::{Duration, Instant};

use fonds_tei::{read_tei, TeiError};

#[test]
fn external_entity_is_refused() {
    let xml = r#"<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&e;</p></body></text></TEI>"#;
    let err = read_tei(xml, None).unwrap_err();
    assert_eq!(err, TeiError::Dtd { line: 2 });
}

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        let refs = format!("&{prev};").repeat(10);
        xml.push_str(&format!("<!ENTITY lol{i} \"{refs}\">\n"));
    }
    xml.push_str("]>\n<TEI><text><body><p>&lol9;</p></body></text></TEI>\n");
    let start = Instant::now();
    let err = read_tei(&xml, None).unwrap_err();
    assert!(matches!(err, TeiError::Dtd { .. }), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn undeclared_entity_is_an_error_not_an_expansion() {
    let xml = "<TEI><text><body><p>&lol9;</p></body></text></TEI>";
    let err = read_tei(xml, None).unwrap_err();
    assert!(matches!(err, TeiError::Xml { line: 1, .. }), "{err:?}");
}

#[test]
fn external_dtd_without_subset_is_not_fetched() {
    let xml = r#"<!DOCTYPE TEI SYSTEM "http://example.invalid/tei.dtd">
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc></teiHeader><text><body><p>Hello.</p></body></text></TEI>"#;
    let docs = read_tei(xml, Some("x.xml")).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].title, "T");
}

#[test]
fn malformed_xml_reports_its_position() {
    let xml = "<TEI>\n<text>\n<body><p>a</b></body></text></TEI>";
    match read_tei(xml, None).unwrap_err() {
        TeiError::Xml { line, .. } => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_tei("<html/>", None).unwrap_err(),
        TeiError::NotTei { .. }
    ));
    assert!(read_tei("", None).is_err());
    let deep = "<TEI>".to_string() + &"<hi>".repeat(10_000) + &"</hi>".repeat(10_000) + "</TEI>";
    assert!(read_tei(&deep, None).is_err());
}

/// Found by fuzzing: a folio range that runs backwards in `<locus>` must not
/// become a range in the model, whose ranges always run forwards.
#[test]
fn a_backwards_locus_is_no_folio_range() {
    let xml = r#"<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><msDesc><msIdentifier><repository>GARF</repository></msIdentifier><msContents><msItem><locus from="26" to="16"/></msItem></msContents></msDesc></sourceDesc></fileDesc></teiHeader><text><body><p>Text</p></body></text></TEI>"#;
    let docs = fonds_tei::read_tei(xml, None).unwrap();
    for d in docs {
        if let Some(r) = &d.citation.archival_reference {
            assert!(r.folios.is_none_or(|f| f.from <= f.to));
        }
    }
}
