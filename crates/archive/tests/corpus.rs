//! A fresh archive holding the shared seed and 10,000 generated records in
//! several languages: facet counts agree with the generator's ground truth,
//! and the seed is still found in either script among thousands of other
//! documents about the same people.

use fonds_archive::Archive;
use fonds_archive::Place;
use fonds_archive::Viewer;
use fonds_corpus::Generator;
use fonds_search::SearchRequest;
use std::collections::BTreeMap;
use std::path::Path;

const RECORDS: u64 = 10_000;
const SEED_ID: &str = "digitalarchive-umd-edu-document-121800";

fn count<'a>(map: &mut BTreeMap<String, u64>, keys: impl IntoIterator<Item = &'a str>) {
    for k in keys {
        *map.entry(k.to_string()).or_default() += 1;
    }
}

fn as_map(v: &[(String, u64)]) -> BTreeMap<String, u64> {
    v.iter().cloned().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facets_match_the_generators_truth() {
    let base = std::env::temp_dir().join(format!("fonds-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let records = base.join("records");
    std::fs::create_dir_all(&records).unwrap();
    let generator = Generator::new(2026);
    let (mut lang, mut repo, mut doc_type, mut year, mut person) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    for i in 0..RECORDS {
        let g = generator.record(i);
        let t = &g.truth;
        let mut langs: Vec<&str> = vec![t.original_language];
        langs.extend(t.translation_languages.iter().copied());
        langs.sort_unstable();
        langs.dedup();
        count(&mut lang, langs);
        count(&mut repo, [t.repository.as_str()]);
        count(&mut doc_type, [t.doc_type]);
        count(&mut year, [t.date.0.to_string().as_str()]);
        let mut people: Vec<&str> = t
            .speakers
            .iter()
            .map(|(n, _)| n.as_str())
            .chain(t.participants.iter().map(String::as_str))
            .collect();
        people.sort_unstable();
        people.dedup();
        count(&mut person, people);
        std::fs::write(records.join(&g.file_name), &g.text).unwrap();
    }
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed");

    let archive = Archive::open(Place::for_tests(&base.join("archive")).await.unwrap())
        .await
        .unwrap();
    let summary = archive.import(&[records, seed], |_| {}).await.unwrap();
    assert!(
        summary.failed.is_empty(),
        "{:?}",
        &summary.failed[..summary.failed.len().min(5)]
    );
    assert_eq!(summary.imported as u64, RECORDS + 1);

    // Facets over the generated records only (the seed is excluded by id).
    let req = SearchRequest {
        limit: 1,
        facets: true,
        ..SearchRequest::default()
    };
    let page = archive
        .search(&Viewer::owner(), &format!("* -id:{SEED_ID}"), &req)
        .await
        .unwrap();
    assert_eq!(page.total as u64, RECORDS);
    let f = page.facets.unwrap();
    assert_eq!(as_map(&f.lang), lang);
    assert_eq!(as_map(&f.repo), repo);
    assert_eq!(as_map(&f.doc_type), doc_type);
    assert_eq!(as_map(&f.year), year);
    // The person facet lists the thirty most documented persons, each
    // counted as their page counts them: every document that gives one of
    // their names (where they speak or take part, and where others name
    // them). No person swallows the words of a language or another person.
    for (name, n) in &f.person {
        let p = archive
            .person(&Viewer::owner(), name, 0, 0)
            .await
            .unwrap()
            .unwrap();
        // The page counts the seed too, which the facet's query leaves out.
        let page = p.person.documents as u64;
        assert!(
            page == *n || page == *n + 1,
            "person {name}: page {page}, facet {n}"
        );
        // Those who only recorded or translated are not in the truth.
        let Some(&truth) = person.get(name) else {
            continue;
        };
        assert!(
            *n >= truth && *n <= 2 * truth + 50,
            "person {name}: {n} documents, {truth} where they speak or take part; names {:?}",
            p.forms
                .iter()
                .map(|f| (&f.form, f.docs))
                .take(12)
                .collect::<Vec<_>>()
        );
    }
    assert_eq!(f.person.len(), 30.min(person.len()));

    // Among thousands of documents about Mikoyan, both scripts still reach the seed.
    for q in ["Mikoyan", "Микоян"] {
        let tq =
            fonds_search::to_tantivy(archive.index(), &fonds_query::parse(q).unwrap()).unwrap();
        let all = archive
            .index()
            .search(
                tq.as_ref(),
                &SearchRequest {
                    limit: 20_000,
                    ..SearchRequest::default()
                },
            )
            .unwrap();
        assert!(all.total > 100, "{q}: {}", all.total);
        assert!(
            all.hits.iter().any(|h| h.card.id == SEED_ID),
            "{q}: the seed is not among {} hits",
            all.total
        );
        let page = archive
            .search(
                &Viewer::owner(),
                &format!("{q} fond:5446 repo:GARF"),
                &SearchRequest::default(),
            )
            .await
            .unwrap();
        let hit = page.hits.iter().find(|h| h.card.id == SEED_ID).unwrap();
        let parts: Vec<&str> = hit.snippets.iter().map(|s| s.part.as_str()).collect();
        assert!(
            parts.contains(&"original") && parts.contains(&"translation"),
            "{q}: {parts:?}"
        );
    }
    std::fs::remove_dir_all(base).unwrap();
}
