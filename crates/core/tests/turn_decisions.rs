//! An editor's decisions on the alignment: a pair linked or never linked
//! holds in every alignment after, finds its turns again when a page gains
//! a turn, and is set aside with a warning when its turn is rewritten.

use fonds_core::align::{align_document, decide, Choice};
use fonds_core::record::read_record;
use fonds_core::{DiagCode, Document};

const RECORD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/align/ru_missing.txt"
);

fn source() -> String {
    std::fs::read_to_string(RECORD).expect("the fixture record")
}

fn translation(doc: &Document) -> usize {
    doc.alignments[0].translation
}

fn pairs(doc: &Document) -> Vec<(Option<usize>, Option<usize>)> {
    doc.alignments[0]
        .links
        .iter()
        .map(|l| (l.original, l.translation))
        .collect()
}

fn link(doc: &Document, o: usize, t: usize) -> Option<&fonds_core::TurnLink> {
    doc.alignments[0]
        .links
        .iter()
        .find(|l| l.original == Some(o) && l.translation == Some(t))
}

/// The links keep the order of both texts.
fn in_order(doc: &Document) {
    let linked: Vec<(usize, usize)> = doc.alignments[0]
        .links
        .iter()
        .filter_map(|l| Some((l.original?, l.translation?)))
        .collect();
    for w in linked.windows(2) {
        assert!(w[0].0 <= w[1].0 && w[0].1 <= w[1].1, "{linked:?}");
    }
}

#[test]
fn an_unlinked_pair_stays_apart_and_a_linked_pair_together() {
    let mut doc = read_record(&source(), None);
    let automatic = pairs(&doc);
    assert!(automatic.contains(&(Some(4), Some(5))), "{automatic:?}");
    let ti = translation(&doc);

    assert_eq!(decide(&mut doc, ti, 4, 5, Choice::Unlink), Ok(true));
    assert!(link(&doc, 4, 5).is_none(), "{:?}", pairs(&doc));
    in_order(&doc);
    // The same decision again changes nothing.
    assert_eq!(decide(&mut doc, ti, 4, 5, Choice::Unlink), Ok(false));

    assert_eq!(decide(&mut doc, ti, 4, 4, Choice::Link), Ok(true));
    let l = link(&doc, 4, 4).expect("the editor's link");
    assert_eq!(l.confidence, 1.0);
    assert!(l.why.starts_with("editor"), "{}", l.why);
    in_order(&doc);
    // The speaker the original turn is known by follows the link.
    assert_eq!(doc.alignments[0].speakers[4].as_deref(), Some("Gromov"));

    // Forgetting both decisions gives the alignment fonds makes alone.
    assert_eq!(decide(&mut doc, ti, 4, 4, Choice::Forget), Ok(true));
    assert_eq!(decide(&mut doc, ti, 4, 5, Choice::Forget), Ok(true));
    assert!(doc.turn_decisions.is_empty());
    assert_eq!(pairs(&doc), automatic);
    assert_eq!(decide(&mut doc, ti, 4, 5, Choice::Forget), Ok(false));
}

#[test]
fn links_that_cross_or_name_no_turn_are_refused() {
    let mut doc = read_record(&source(), None);
    let ti = translation(&doc);
    decide(&mut doc, ti, 4, 4, Choice::Link).unwrap();
    let err = decide(&mut doc, ti, 3, 6, Choice::Link).unwrap_err();
    assert!(err.contains("cannot be linked"), "{err}");
    assert!(
        err.contains("original turn 5 with translation turn 5"),
        "{err}"
    );
    let err = decide(&mut doc, ti, 40, 1, Choice::Link).unwrap_err();
    assert!(err.contains("no turn 41"), "{err}");
    let err = decide(&mut doc, 0, 1, 1, Choice::Link).unwrap_err();
    assert!(err.contains("not a translation"), "{err}");
    // Unlinking a pair on the other side of the link is no crossing.
    assert_eq!(decide(&mut doc, ti, 3, 6, Choice::Unlink), Ok(true));
    assert_eq!(doc.turn_decisions.len(), 2);
}

#[test]
fn a_decision_finds_its_turns_when_a_turn_is_added_before_them() {
    let mut doc = read_record(&source(), None);
    let ti = translation(&doc);
    decide(&mut doc, ti, 4, 4, Choice::Link).unwrap();
    decide(&mut doc, ti, 6, 7, Choice::Unlink).unwrap();

    // A corrected page gains a turn at the top of the original.
    let first = "Тов. Громов - Я хотел бы обсудить";
    let edited = source().replacen(
        first,
        &format!("Тов. Лисицын - Добрый день, товарищ посол.\n\n{first}"),
        1,
    );
    let mut again = read_record(&edited, None);
    again.turn_decisions = doc.turn_decisions.clone();
    align_document(&mut again);
    let l = link(&again, 5, 4).expect("the link follows its turn");
    assert!(l.why.starts_with("editor"), "{}", l.why);
    assert!(link(&again, 7, 7).is_none(), "{:?}", pairs(&again));
    in_order(&again);
    assert!(
        !again
            .diagnostics
            .iter()
            .any(|d| d.message.contains("set aside")),
        "{:?}",
        again.diagnostics
    );
}

#[test]
fn a_decision_whose_turn_was_rewritten_is_set_aside_with_a_warning() {
    let mut doc = read_record(&source(), None);
    let ti = translation(&doc);
    decide(&mut doc, ti, 4, 4, Choice::Link).unwrap();
    let edited = source().replacen(
        "Разгрузка займет не менее двух недель. Портовые рабочие уже предупреждены, и склады освобождаются.",
        "Вопрос о складах решим позже.",
        1,
    );
    let mut again = read_record(&edited, None);
    again.turn_decisions = doc.turn_decisions.clone();
    align_document(&mut again);
    assert!(link(&again, 4, 4).is_none(), "{:?}", pairs(&again));
    let warning = again
        .diagnostics
        .iter()
        .find(|d| d.code == DiagCode::AlignmentUnsure && d.message.contains("set aside"))
        .expect("a warning");
    assert!(
        warning.message.contains("no longer finds its turns"),
        "{}",
        warning.message
    );
    // The decision is kept: an editor sees it and may forget it.
    assert_eq!(again.turn_decisions.len(), 1);
}
