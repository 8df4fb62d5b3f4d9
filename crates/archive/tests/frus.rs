//! The US Office of the Historian's FRUS volumes in TEI, from `../shared`:
//! every document of the three volumes imports, and each volume is a
//! collection a researcher can search and browse.

use fonds_archive::Archive;
use fonds_archive::Place;
use fonds_archive::Viewer;
use fonds_search::SearchRequest;
use std::path::Path;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_frus_volumes_import_and_search() {
    let dir = std::env::temp_dir().join(format!("fonds-frus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let archive = Archive::open(Place::for_tests(&dir).await.unwrap())
        .await
        .unwrap();
    let frus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/frus");
    let summary = archive
        .import(std::slice::from_ref(&frus), |_| {})
        .await
        .unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(summary.imported, 1473);

    let req = SearchRequest {
        limit: 5,
        facets: true,
        ..SearchRequest::default()
    };
    let all = archive.search(&Viewer::owner(), "*", &req).await.unwrap();
    assert_eq!(all.total, 1473);
    let collections = all.facets.unwrap().collection;
    assert_eq!(collections.len(), 3, "{collections:?}");
    assert_eq!(collections.iter().map(|(_, n)| n).sum::<u64>(), 1473);
    let telegrams = archive
        .search(&Viewer::owner(), "type:telegram", &req)
        .await
        .unwrap();
    assert!(telegrams.total > 100, "{}", telegrams.total);
    let in_1918 = archive
        .search(&Viewer::owner(), "date:1918", &req)
        .await
        .unwrap();
    assert!(in_1918.total > 300, "{}", in_1918.total);
    let petrograd = archive
        .search(&Viewer::owner(), "Petrograd", &req)
        .await
        .unwrap();
    assert!(petrograd.total > 50, "{}", petrograd.total);

    // The people of the volumes: titles and ranks are not names ("Minister
    // Resident" gives no person Resident), "Mr. Lansing" and "Lansing" are
    // Robert Lansing, shown by his full name, and a shared given name joins
    // no one (Robert Lansing is not Robert H. Lord).
    let persons = archive.persons(&Viewer::owner(), 40, 0).await.unwrap();
    let names: Vec<&str> = persons.iter().map(|p| p.name.as_str()).collect();
    for not_a_person in [
        "Resident",
        "Lord",
        "Mr. Lansing",
        "Mr. White",
        "General Bliss",
    ] {
        assert!(!names.contains(&not_a_person), "{not_a_person}: {names:?}");
    }
    for full in [
        "Robert Lansing",
        "Henry White",
        "Tasker H. Bliss",
        "Frank Lyon Polk",
    ] {
        let matching: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| n.ends_with(full.rsplit(' ').next().unwrap()))
            .collect();
        assert_eq!(matching, [full], "{names:?}");
    }
    let lansing = archive
        .person(&Viewer::owner(), "Lansing", 0, 0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lansing.person.name, "Robert Lansing");
    let lord = archive
        .person(&Viewer::owner(), "Robert H. Lord", 0, 0)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(lord.person.id, lansing.person.id);
    // Two brothers stay two persons; their bare surname is left undecided.
    let (john, allen) = (
        archive
            .person(&Viewer::owner(), "J. F. Dulles", 0, 0)
            .await
            .unwrap()
            .unwrap(),
        archive
            .person(&Viewer::owner(), "A. W. Dulles", 0, 0)
            .await
            .unwrap()
            .unwrap(),
    );
    assert_ne!(john.person.id, allen.person.id);

    // Importing the volumes again changes nothing.
    let again = archive.import(&[frus], |_| {}).await.unwrap();
    assert_eq!(
        (again.imported, again.updated, again.unchanged),
        (0, 0, 1473)
    );
    std::fs::remove_dir_all(dir).unwrap();
}
