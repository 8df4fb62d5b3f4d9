//! An archive on disk holding the team's fixtures and the shared seed record,
//! searched as a researcher would: in either script, by stem, by phrase, by
//! field, by date.

use fonds_archive::Place;
use fonds_archive::Viewer;
use fonds_archive::{Archive, Sort};
use fonds_core::Part;
use fonds_search::SearchRequest;
use std::path::{Path, PathBuf};

const SEED_ID: &str = "digitalarchive-umd-edu-document-121800";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fonds-archive-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

async fn archive(name: &str) -> (Archive, PathBuf) {
    let dir = temp_dir(name);
    let archive = Archive::open(Place::for_tests(&dir).await.unwrap())
        .await
        .unwrap();
    let summary = archive
        .import(
            &[
                root().join("fixtures/records"),
                root().join("../shared/seed"),
            ],
            |_| {},
        )
        .await
        .unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(summary.imported, 9);
    (archive, dir)
}

fn req(limit: usize) -> SearchRequest {
    SearchRequest {
        limit,
        ..SearchRequest::default()
    }
}

async fn ids(archive: &Archive, q: &str) -> Vec<String> {
    archive
        .search(&Viewer::owner(), q, &req(20))
        .await
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .hits
        .into_iter()
        .map(|h| h.card.id)
        .collect()
}

#[tokio::test]
async fn a_name_in_either_script_finds_the_seed_with_snippets_from_both_texts() {
    let (archive, dir) = archive("names").await;
    for q in ["Mikoyan", "Микоян", "Mikoian", "МИКОЯН"] {
        let page = archive.search(&Viewer::owner(), q, &req(10)).await.unwrap();
        let seed = page
            .hits
            .iter()
            .find(|h| h.card.id == SEED_ID)
            .unwrap_or_else(|| panic!("{q}: seed not found"));
        let parts: Vec<Part> = seed.snippets.iter().map(|s| s.part).collect();
        assert!(
            parts.contains(&Part::Original) && parts.contains(&Part::Translation),
            "{q}: {parts:?}"
        );
        for s in &seed.snippets {
            assert!(
                !s.highlights.is_empty(),
                "{q}: a snippet without a highlight: {s:?}"
            );
            for r in &s.highlights {
                let word = &s.fragment[r.clone()];
                assert!(
                    word.to_lowercase().starts_with("mikoyan")
                        || word.to_lowercase().starts_with("микоян"),
                    "{q}: highlighted {word:?}"
                );
            }
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn stems_phrases_fields_and_dates() {
    let (archive, dir) = archive("fields").await;
    assert_eq!(ids(&archive, "перебежать").await, [SEED_ID]);
    assert!(ids(&archive, "\"Ким Ир Сен\"")
        .await
        .contains(&SEED_ID.to_string()));
    assert_eq!(ids(&archive, "fond:5446").await, [SEED_ID]);
    assert_eq!(ids(&archive, "repo:garf").await, [SEED_ID]);
    let september = ids(&archive, "date:1956-09..1956-09").await;
    assert!(september.contains(&SEED_ID.to_string()));
    assert!(!ids(&archive, "date:1957..")
        .await
        .contains(&SEED_ID.to_string()));
    assert!(ids(&archive, "lang:ru type:conversation")
        .await
        .contains(&SEED_ID.to_string()));
    assert!(!ids(&archive, "Mikoyan NOT Boti")
        .await
        .iter()
        .any(|id| id == "messy-minimal"));
    assert!(ids(&archive, "speaker:Червоненко")
        .await
        .iter()
        .any(|id| id.ends_with("990101")));
    assert!(ids(&archive, "Chervonenk*")
        .await
        .iter()
        .any(|id| id.ends_with("990101")));
    assert!(ids(&archive, "Chervonenkp~")
        .await
        .iter()
        .any(|id| id.ends_with("990101")));
    assert!(ids(&archive, "毛泽东")
        .await
        .iter()
        .any(|id| id.ends_with("990103")));
    assert!(ids(&archive, "김일성")
        .await
        .iter()
        .any(|id| id.ends_with("990106")));
    assert!(ids(&archive, "Politbüros")
        .await
        .iter()
        .any(|id| id.ends_with("990102")));
    std::fs::remove_dir_all(dir).unwrap();
}

/// `speaker:` beside words looks for the words in what that speaker says,
/// through the speakers the alignment resolves in the noisy original.
#[tokio::test]
async fn speaker_search_finds_what_a_speaker_says_in_either_text() {
    let (archive, dir) = archive("speakers").await;
    for (q, part, word) in [
        ("speaker:Mikoyan терпение", Part::Original, "терпение"),
        ("speaker:Mikoyan patience", Part::Translation, "patience"),
        ("speaker:Микоян терпение", Part::Original, "терпение"),
    ] {
        let page = archive.search(&Viewer::owner(), q, &req(20)).await.unwrap();
        let seed = page
            .hits
            .iter()
            .find(|h| h.card.id == SEED_ID)
            .unwrap_or_else(|| panic!("{q}: seed not found"));
        let s = seed
            .snippets
            .iter()
            .find(|s| s.part == part)
            .unwrap_or_else(|| panic!("{q}: no {part:?} snippet in {:?}", seed.snippets));
        let turn = s.turn.expect("a turn snippet");
        let stored = archive
            .document(&Viewer::owner(), SEED_ID)
            .await
            .unwrap()
            .unwrap();
        let text = stored
            .document
            .texts
            .iter()
            .find(|t| t.role.part() == part)
            .unwrap();
        let block = text.turns().nth(turn).unwrap();
        let speaker = &block.speaker.as_ref().unwrap().name;
        assert!(
            speaker == "Mikoyan" || speaker == "Микоян",
            "{q}: turn {turn} is {speaker}'s"
        );
        let marked: Vec<&str> = s
            .highlights
            .iter()
            .map(|h| &s.fragment[h.clone()])
            .collect();
        assert!(
            marked
                .iter()
                .any(|m| m.to_lowercase().starts_with(&word[..6])),
            "{q}: highlights {marked:?} in {:?}",
            s.fragment
        );
    }
    // Choe Yong-geon never speaks of patience, though the document does.
    assert!(!ids(&archive, "speaker:\"Choe Yong-geon\" терпение")
        .await
        .contains(&SEED_ID.to_string()));
    assert!(ids(&archive, "speaker:\"Choe Yong-geon\" пленум")
        .await
        .contains(&SEED_ID.to_string()));
    std::fs::remove_dir_all(dir).unwrap();
}

/// Any name the archive has linked to a person finds the person's
/// documents: the OCR's "Миколдн" in the seed finds Mikoyan's other
/// conversation. A label the alignment gave to his turns without spelling
/// his name ("Мамонин", "Николай") finds those turns, and no more: it is
/// no name of his.
#[tokio::test]
async fn any_variant_of_a_person_finds_their_documents() {
    let (archive, dir) = archive("variants").await;
    let other = "messy-minimal";
    for q in ["person:Миколдн", "speaker:Миколдн", "Миколдн"] {
        let found = ids(&archive, q).await;
        assert!(found.contains(&SEED_ID.to_string()), "{q}: {found:?}");
        assert!(found.contains(&other.to_string()), "{q}: {found:?}");
    }
    for q in ["speaker:Мамонин", "Николай"] {
        let found = ids(&archive, q).await;
        assert!(found.contains(&SEED_ID.to_string()), "{q}: {found:?}");
        assert!(!found.contains(&other.to_string()), "{q}: {found:?}");
    }
    let page = archive
        .search(&Viewer::owner(), "speaker:Миколдн терпение", &req(20))
        .await
        .unwrap();
    let seed = page
        .hits
        .iter()
        .find(|h| h.card.id == SEED_ID)
        .expect("the seed");
    assert!(
        seed.snippets.iter().any(|s| s.turn.is_some()),
        "{:?}",
        seed.snippets
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn facets_sorting_and_paging() {
    let (archive, dir) = archive("facets").await;
    let all = archive
        .search(
            &Viewer::owner(),
            "*",
            &SearchRequest {
                limit: 100,
                facets: true,
                ..SearchRequest::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.total, 9);
    let facets = all.facets.unwrap();
    let count =
        |v: &[(String, u64)], k: &str| v.iter().find(|(x, _)| x == k).map_or(0, |(_, n)| *n);
    assert_eq!(count(&facets.lang, "en"), 9, "{facets:?}");
    // Four records in Russian, one Polish record with a Russian translation.
    assert_eq!(count(&facets.lang, "ru"), 5, "{facets:?}");
    // Written in and translated into, apart: the Polish record is Polish,
    // translated into Russian; the Russian ones are not counted as English.
    assert_eq!(count(&facets.orig_lang, "ru"), 4, "{facets:?}");
    assert_eq!(count(&facets.orig_lang, "pl"), 1, "{facets:?}");
    assert_eq!(count(&facets.trans_lang, "ru"), 1, "{facets:?}");
    assert!(count(&facets.orig_lang, "en") < 9, "{facets:?}");
    assert_eq!(
        count(&facets.orig_lang, "en") + count(&facets.trans_lang, "en"),
        9,
        "{facets:?}"
    );
    for (q, dim, value) in [
        ("origlang:ru", &facets.orig_lang, "ru"),
        ("translang:Russian", &facets.trans_lang, "ru"),
        ("origlang:pl", &facets.orig_lang, "pl"),
    ] {
        let found = archive
            .search(&Viewer::owner(), q, &req(100))
            .await
            .unwrap();
        assert_eq!(found.total as u64, count(dim, value), "{q}");
    }
    assert_eq!(count(&facets.repo, "GARF"), 1);
    assert_eq!(facets.year.iter().map(|(_, n)| n).sum::<u64>(), 9);
    let (collection, n) = facets.collection.first().cloned().expect("a collection");
    assert_eq!(collection, "Wilson Center Digital Archive");
    let in_collection = archive
        .search(
            &Viewer::owner(),
            &format!("collection:\"{collection}\""),
            &req(100),
        )
        .await
        .unwrap();
    assert_eq!(in_collection.total as u64, n);
    let by_date = archive
        .search(
            &Viewer::owner(),
            "*",
            &SearchRequest {
                limit: 100,
                sort: Sort::DateAscending,
                ..SearchRequest::default()
            },
        )
        .await
        .unwrap();
    let dates: Vec<String> = by_date
        .hits
        .iter()
        .map(|h| h.card.date.as_ref().unwrap().edtf.clone().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let page2 = archive
        .search(
            &Viewer::owner(),
            "*",
            &SearchRequest {
                limit: 4,
                offset: 4,
                sort: Sort::DateAscending,
                ..SearchRequest::default()
            },
        )
        .await
        .unwrap();
    let page2_ids: Vec<&str> = page2.hits.iter().map(|h| h.card.id.as_str()).collect();
    let expected: Vec<&str> = by_date.hits[4..8]
        .iter()
        .map(|h| h.card.id.as_str())
        .collect();
    assert_eq!(page2_ids, expected);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn reimport_versions_and_reindex() {
    let (archive, dir) = archive("versions").await;
    let again = archive
        .import(&[root().join("fixtures/records")], |_| {})
        .await
        .unwrap();
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 8));
    // A changed record becomes a new version; the old one is kept.
    let changed = dir.join("changed.txt");
    let text = std::fs::read_to_string(root().join("fixtures/records/de_minutes.txt"))
        .unwrap()
        .replace("Politbüros", "Politbüros (geändert)");
    std::fs::write(&changed, text).unwrap();
    let s = archive
        .import(std::slice::from_ref(&changed), |_| {})
        .await
        .unwrap();
    assert_eq!(s.updated, 1);
    let id = "digitalarchive-umd-edu-document-990102";
    assert_eq!(
        archive.versions(&Viewer::owner(), id).await.unwrap().len(),
        2
    );
    assert_eq!(ids(&archive, "geändert").await, [id]);
    assert_eq!(archive.reindex().await.unwrap().indexed, 9);
    assert_eq!(archive.status(&Viewer::owner()).await.unwrap().indexed, 9);
    assert_eq!(ids(&archive, "geändert").await, [id]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn bad_files_are_reported_and_skipped() {
    let dir = temp_dir("bad");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(inputs.join("a_binary.txt"), b"\0\x01\x02").unwrap();
    std::fs::write(inputs.join("b_latin1.txt"), b"caf\xe9").unwrap();
    std::fs::copy(
        root().join("fixtures/records/zh_telegram.txt"),
        inputs.join("c_good.txt"),
    )
    .unwrap();
    let archive = Archive::open(Place::for_tests(&dir.join("archive")).await.unwrap())
        .await
        .unwrap();
    let s = archive.import(&[inputs], |_| {}).await.unwrap();
    assert_eq!(s.imported, 1);
    assert_eq!(s.failed.len(), 2);
    assert!(
        s.failed[0].1.contains("a_binary.txt") && s.failed[0].1.contains("binary"),
        "{:?}",
        s.failed
    );
    assert!(s.failed[1].1.contains("not UTF-8"), "{:?}", s.failed);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn malformed_and_hostile_queries_are_refused_with_a_place() {
    let (archive, dir) = archive("hostile").await;
    for (q, want) in [
        ("(Mikoyan", "column"),
        ("speaker:", "column"),
        ("date:1956-13", "column"),
        ("nosuchfield:x", "field"),
    ] {
        let err = archive
            .search(&Viewer::owner(), q, &req(10))
            .await
            .err()
            .unwrap_or_else(|| panic!("{q} was accepted"));
        assert!(err.to_string().contains(want), "{q}: {err}");
    }
    let deep = format!("{}Mikoyan{}", "(".repeat(5000), ")".repeat(5000));
    assert!(archive
        .search(&Viewer::owner(), &deep, &req(10))
        .await
        .is_err());
    let wide = (0..500)
        .map(|i| format!("w{i}*"))
        .collect::<Vec<_>>()
        .join(" OR ");
    assert!(archive
        .search(&Viewer::owner(), &wide, &req(10))
        .await
        .is_err());
    // A one-letter prefix would expand to most of the vocabulary.
    assert!(archive
        .search(&Viewer::owner(), "a*", &req(10))
        .await
        .is_err());
    std::fs::remove_dir_all(dir).unwrap();
}

/// The documents a query finds, by id.
async fn found(archive: &Archive, q: &str) -> std::collections::BTreeSet<String> {
    archive
        .search(&Viewer::owner(), q, &req(200))
        .await
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.card.id)
        .collect()
}

/// A Chinese or Korean person's name finds the same documents in every
/// script and system the others write it in, whichever one the search
/// uses: the records of other archives (`fixtures/archives`) write Liu
/// Shaoqi in Han, Pinyin, Wade-Giles and Palladius Cyrillic, Pak Hon-yong
/// in Hangul, McCune-Reischauer, Revised Romanization and Soviet Cyrillic,
/// some in English only. A quoted single name finds what the bare word
/// finds.
#[tokio::test]
async fn names_find_each_other_in_every_script_both_ways() {
    let dir = temp_dir("scripts");
    let archive = Archive::open(Place::for_tests(&dir).await.unwrap())
        .await
        .unwrap();
    archive
        .import(&[root().join("fixtures/archives")], |_| {})
        .await
        .unwrap();
    for spellings in [
        &["刘少奇", "Liu Shaoqi", "Liu Shao-ch'i", "Лю Шаоци"][..],
        &["邓小平", "Deng Xiaoping", "Teng Hsiao-p'ing", "Дэн Сяопин"],
        &[
            "박헌영",
            "Pak Hŏn-yŏng",
            "Pak Heon-yeong",
            "Pak Hon-yong",
            "Пак Хон Ен",
        ],
        &["김두봉", "Kim Tu-bong", "Kim Du-bong", "Ким Ду Бон"],
    ] {
        let first = found(&archive, spellings[0]).await;
        assert!(first.len() >= 3, "{}: {first:?}", spellings[0]);
        for s in &spellings[1..] {
            assert_eq!(
                found(&archive, s).await,
                first,
                "{s} against {}",
                spellings[0]
            );
        }
    }
    // Records in English alone, in Wade-Giles and in McCune-Reischauer
    // capitals, are found by the names in Cyrillic, Han and Hangul.
    for (name, record) in [
        ("Лю Шаоци", "870217"),
        ("刘少奇", "870217"),
        ("Пак Хон Ен", "870218"),
        ("박헌영", "870218"),
    ] {
        let ids = found(&archive, name).await;
        assert!(ids.iter().any(|id| id.ends_with(record)), "{name}: {ids:?}");
    }
    for name in ["Громыко", "Gromyko", "Kim Il Sung"] {
        let bare = found(&archive, name).await;
        let quoted = found(&archive, &format!("\"{name}\"")).await;
        assert!(
            !bare.is_empty() && quoted.is_superset(&bare),
            "{name}: {quoted:?} / {bare:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
