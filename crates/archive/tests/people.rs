//! The figures of persons, which the index counts, are what counting the
//! current documents' people by hand gives: documents per person, turns and
//! words, documents by year, who appears with whom (on a person page and in
//! the network), and a page of a person's documents by date; also after
//! new versions of some documents replaced the old ones.

use fonds_archive::Archive;
use fonds_archive::Place;
use fonds_archive::Viewer;
use fonds_corpus::Generator;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const RECORDS: u64 = 400;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn person_figures_are_the_documents_counted_by_hand() {
    let base = std::env::temp_dir().join(format!("fonds-people-figures-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let records = base.join("records");
    std::fs::create_dir_all(&records).unwrap();
    let generator = Generator::new(404);
    let mut texts = Vec::new();
    for i in 0..RECORDS {
        let text = generator.record(i).text;
        std::fs::write(records.join(format!("r{i:04}.txt")), &text).unwrap();
        texts.push(text);
    }
    let archive = Archive::open(Place::for_tests(&base.join("archive")).await.unwrap())
        .await
        .unwrap();
    archive
        .import(std::slice::from_ref(&records), |_| {})
        .await
        .unwrap();
    // Counted now, and must be counted again after the new versions.
    let before = archive.persons(&Viewer::owner(), 100_000, 0).await.unwrap();
    assert_eq!(
        before,
        archive.persons(&Viewer::owner(), 100_000, 0).await.unwrap()
    );
    // New versions of some documents: the same header with the last part
    // of the body cut away, so that their people change.
    let again = base.join("again");
    std::fs::create_dir_all(&again).unwrap();
    for i in (0..RECORDS as usize).step_by(9) {
        let lines: Vec<&str> = texts[i].lines().collect();
        let kept = lines[..lines.len() * 2 / 3].join("\n");
        std::fs::write(again.join(format!("r{i:04}.txt")), kept).unwrap();
    }
    let summary = archive.import(&[again], |_| {}).await.unwrap();
    assert!(summary.updated > 20, "{summary:?}");
    archive.link_people(false).await.unwrap();

    // Every person and the person each of their names belongs to.
    let persons = archive.persons(&Viewer::owner(), 100_000, 0).await.unwrap();
    assert_ne!(persons, before);
    assert_eq!(
        persons.len() as i64,
        archive.count_persons(&Viewer::owner()).await.unwrap()
    );
    let mut person_of: HashMap<String, String> = HashMap::new();
    for p in &persons {
        let detail = archive
            .person(&Viewer::owner(), &p.id, 0, 0)
            .await
            .unwrap()
            .unwrap();
        for f in &detail.forms {
            person_of.insert(f.form.clone(), p.id.clone());
        }
    }

    // Counted by hand over the current documents.
    let mut docs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut spoken: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut years: BTreeMap<String, BTreeMap<i32, i64>> = BTreeMap::new();
    let mut pairs: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut dates: HashMap<String, Option<String>> = HashMap::new();
    let current = archive.documents_after(0, 100_000).await.unwrap();
    assert_eq!(current.len() as u64, RECORDS);
    for stored in &current {
        let d = &stored.document;
        let people = fonds_core::people::mentions::document_people(d);
        let mut here: BTreeSet<String> = BTreeSet::new();
        for m in &people.mentions {
            let p = person_of[&m.form].clone();
            if m.primary {
                let s = spoken.entry(p.clone()).or_default();
                s.0 += i64::from(m.turns);
                s.1 += i64::from(m.words);
            }
            here.insert(p);
        }
        let year = d
            .date()
            .and_then(|s| s.value.as_ref())
            .map(|v| v.earliest().0);
        for p in &here {
            docs.entry(p.clone()).or_default().insert(d.id.clone());
            if let Some(y) = year {
                *years.entry(p.clone()).or_default().entry(y).or_default() += 1;
            }
        }
        for a in &here {
            for b in here.range::<String, _>((
                std::ops::Bound::Excluded(a.clone()),
                std::ops::Bound::Unbounded,
            )) {
                *pairs.entry((a.clone(), b.clone())).or_default() += 1;
            }
        }
        dates.insert(d.id.clone(), stored_date(d));
    }

    // The list: every person's documents, turns and words, the most
    // documented first.
    assert!(persons.len() > 30);
    for p in &persons {
        let n = docs.get(&p.id).map_or(0, |s| s.len()) as i64;
        assert_eq!(p.documents, n, "{}", p.id);
        assert_eq!(
            (p.turns, p.words),
            spoken.get(&p.id).copied().unwrap_or_default(),
            "{}",
            p.id
        );
    }
    assert!(persons.windows(2).all(|w| w[0].documents >= w[1].documents));

    // A person page: the timeline, who they appear with, a page of their
    // documents by date.
    for p in persons.iter().take(12) {
        let detail = archive
            .person(&Viewer::owner(), &p.id, 3, 7)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.person, *p);
        let timeline: Vec<(i32, i64)> = years
            .get(&p.id)
            .map(|y| y.iter().map(|(&y, &n)| (y, n)).collect())
            .unwrap_or_default();
        assert_eq!(detail.timeline, timeline, "{}", p.id);
        let mut met: Vec<(String, i64)> = pairs
            .iter()
            .filter_map(|((a, b), &n)| {
                if *a == p.id {
                    Some((b.clone(), n))
                } else if *b == p.id {
                    Some((a.clone(), n))
                } else {
                    None
                }
            })
            .collect();
        met.sort_by_key(|m| std::cmp::Reverse(m.1));
        let counts: Vec<i64> = detail.met.iter().map(|m| m.2).collect();
        let expected: Vec<i64> = met.iter().take(30).map(|m| m.1).collect();
        assert_eq!(counts, expected, "{}", p.id);
        for (id, _, n) in &detail.met {
            assert!(met.contains(&(id.clone(), *n)), "{} met {id}", p.id);
        }
        let own = &docs[&p.id];
        let mut by_date: Vec<Option<String>> = own.iter().map(|id| dates[id].clone()).collect();
        by_date.sort_by(|a, b| match (a, b) {
            (Some(a), Some(b)) => a.cmp(b),
            (a, b) => b.is_some().cmp(&a.is_some()),
        });
        let page: Vec<Option<String>> = detail.documents.iter().map(|d| d.date.clone()).collect();
        assert_eq!(detail.offset, 3);
        assert_eq!(page, by_date[3..10.min(by_date.len())], "{}", p.id);
        for d in &detail.documents {
            assert!(own.contains(&d.id), "{} does not give {}", d.id, p.id);
            assert!(!d.roles.is_empty(), "{}", d.id);
        }
    }

    // The network: the documents each pair of the most documented shares.
    let net = archive.network(&Viewer::owner(), 15).await.unwrap();
    assert_eq!(net.nodes, persons[..15]);
    let shown: BTreeSet<&str> = net.nodes.iter().map(|n| n.id.as_str()).collect();
    let expected: BTreeMap<(String, String), i64> = pairs
        .iter()
        .filter(|((a, b), _)| shown.contains(a.as_str()) && shown.contains(b.as_str()))
        .map(|(k, &n)| (k.clone(), n))
        .collect();
    let edges: BTreeMap<(String, String), i64> = net
        .edges
        .iter()
        .map(|(a, b, n)| ((a.clone(), b.clone()), *n))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(edges, expected);
    let _ = std::fs::remove_dir_all(&base);
}

/// The date a person's list of documents shows and sorts by.
fn stored_date(d: &fonds_core::Document) -> Option<String> {
    d.date().and_then(|s| s.value.as_ref()).map(|v| {
        let (y, m, day) = v.earliest();
        format!("{y:04}-{m:02}-{day:02}")
    })
}
