//! TEI that neither fonds nor FRUS wrote: speeches, editorial marks, page
//! breaks inside paragraphs, footnotes, and what the reader notices.

use fonds_core::{BlockKind, DiagCode, DocType, Inline, Mark, MarkKind, Severity};
use fonds_tei::read_tei;

const DRAMA: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Niederschrift &amp; Gespräch</title></titleStmt>
      <publicationStmt><publisher>Ein Archiv</publisher></publicationStmt>
      <sourceDesc><msDesc><msIdentifier><repository>SAPMO-BArch</repository>
        <idno type="location">DY 30/IV 2/20/442</idno></msIdentifier></msDesc></sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation><date when="1961-08">August 1961</date></creation>
      <particDesc><listPerson>
        <person xml:id="wu"><persName>Walter Ulbricht</persName></person>
      </listPerson></particDesc>
    </profileDesc>
  </teiHeader>
  <text><body>
    <pb n="7"/>
    <sp who="#wu"><speaker>Genosse Ulbricht:</speaker>
      <p>Wir <del>müssen</del><add>sollten</add> das <unclear>bald</unclear> tun<note>Randnotiz.</note>
      und <pb n="8"/>dann <gap reason="illegible"/> weiter<hi rend="sup">2</hi>.</p></sp>
    <mystery>Etwas anderes.</mystery>
  </body></text>
</TEI>"##;

#[test]
fn speeches_marks_and_page_breaks() {
    let docs = read_tei(DRAMA, Some("ulbricht.xml")).unwrap();
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d.id, "ulbricht");
    assert_eq!(d.title, "Niederschrift & Gespräch");
    assert_eq!(
        d.date()
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .to_edtf(d.dates[0].certainty),
        "1961-08"
    );
    let r = d.citation.archival_reference.as_ref().unwrap();
    assert_eq!(r.repository.as_deref(), Some("SAPMO-BArch"));
    assert_eq!(r.text, "SAPMO-BArch, DY 30/IV 2/20/442");
    assert_eq!(d.participants[0].name, "Walter Ulbricht");

    let text = &d.texts[0];
    assert_eq!(text.language.code(), "de");
    assert_eq!(text.pages.len(), 2);
    assert_eq!(text.pages[0].number, Some(7));
    assert_eq!(text.pages[1].number, Some(8));
    let turn = &text.pages[0].blocks[0];
    assert_eq!(turn.kind, BlockKind::Turn);
    let speaker = turn.speaker.as_ref().unwrap();
    assert_eq!(speaker.label, "Genosse Ulbricht:");
    assert_eq!(speaker.name, "Walter Ulbricht");
    let mark = |kind, text: &str| {
        Inline::Mark(Mark {
            kind,
            text: text.to_string(),
        })
    };
    assert_eq!(
        turn.content,
        [
            Inline::Text("Wir ".into()),
            mark(MarkKind::Deletion, "müssen"),
            mark(MarkKind::Insertion, "sollten"),
            Inline::Text(" das ".into()),
            mark(MarkKind::Uncertain, "bald"),
            Inline::Text(" tun".into()),
            mark(MarkKind::Note, "Randnotiz."),
            Inline::Text(" und".into()),
        ]
    );
    let carried = &text.pages[1].blocks[0];
    assert!(carried.continued);
    assert_eq!(carried.kind, BlockKind::Turn);
    assert_eq!(carried.speaker, turn.speaker);
    assert_eq!(
        carried.content,
        [
            Inline::Text("dann ".into()),
            mark(MarkKind::Illegible, ""),
            Inline::Text(" weiter".into()),
            mark(MarkKind::Superscript, "2"),
            Inline::Text(".".into()),
        ]
    );
    // An element the reader does not know is kept as a paragraph and reported.
    assert_eq!(text.pages[1].blocks[1].plain_text(), "Etwas anderes.");
    assert!(d
        .diagnostics
        .iter()
        .any(|x| x.code == DiagCode::Unstructured && x.message.contains("<mystery>")));
}

#[test]
fn a_bare_tei_file_is_read_with_diagnostics() {
    let docs = read_tei(
        "<TEI><text><body><p>Nur Text.</p></body></text></TEI>",
        None,
    )
    .unwrap();
    let d = &docs[0];
    assert!(d.diagnostics.iter().any(|x| x.code == DiagCode::NoTitle));
    assert!(d
        .diagnostics
        .iter()
        .any(|x| x.code == DiagCode::LanguageUnknown));
    assert_eq!(
        d.texts[0].blocks().next().unwrap().plain_text(),
        "Nur Text."
    );
}

#[test]
fn a_frus_document_without_head_is_untitled_where_it_begins() {
    let xml = r#"<TEI><text><body><div type="chapter">
<div type="document" xml:id="d1" n="1">
  <note type="source">[Telegram]</note>
  <p>The Embassy reports that the talks go on.</p>
</div></div></body></text></TEI>"#;
    let docs = read_tei(xml, Some("frus0000.xml")).unwrap();
    let d = &docs[0];
    assert!(d.title.is_empty());
    let untitled = d
        .diagnostics
        .iter()
        .find(|x| x.code == DiagCode::NoTitle)
        .expect("a no-title diagnostic");
    assert_eq!(untitled.severity, Severity::Error);
    assert_eq!(untitled.line, Some(2));
    assert_eq!(d.doc_type, DocType::Telegram);
}

#[test]
fn a_tei_file_that_states_no_kind_has_it_found_from_its_title() {
    let xml = |class: &str| {
        format!(
            r#"<TEI><teiHeader><fileDesc><titleStmt><title>Запись беседы с послом</title></titleStmt></fileDesc>
<profileDesc>{class}</profileDesc></teiHeader>
<text xml:lang="ru"><body><p>Текст.</p></body></text></TEI>"#
        )
    };
    let found = &read_tei(&xml(""), None).unwrap()[0];
    assert_eq!(found.doc_type, DocType::Conversation);
    let stated = &read_tei(
        &xml("<textClass><keywords><term>letter</term></keywords></textClass>"),
        None,
    )
    .unwrap()[0];
    assert_eq!(stated.doc_type, DocType::Letter);
    assert!(!stated
        .diagnostics
        .iter()
        .any(|x| x.code == DiagCode::NoTitle));
}
