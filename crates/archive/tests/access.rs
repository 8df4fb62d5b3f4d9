//! Who may read what, decided in the archive: rules of documents and of
//! collections, embargoes that end by the clock with no rebuild, and the
//! store's lists and the index's searches agreeing on every rule.

use fonds_archive::{Archive, FixedClock, ListFilter, Role, Rule, Scope, State, Viewer};
use fonds_search::SearchRequest;
use std::path::Path;
use std::sync::Arc;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records")
}

/// 2026-12-04, noon.
const NOON: i64 = 1_796_385_600;

async fn archive(clock: Arc<FixedClock>) -> Archive {
    let archive = Archive::in_memory_with_clock(clock).await.unwrap();
    archive.import(&[fixtures()], |_| {}).await.unwrap();
    archive
}

/// What `viewer` finds of everything, by search, by listing, and one by one.
async fn seen(archive: &Archive, viewer: &Viewer) -> (Vec<String>, Vec<String>, Vec<String>) {
    let req = SearchRequest {
        limit: 100,
        ..Default::default()
    };
    let mut searched: Vec<String> = archive
        .search(viewer, "*", &req)
        .await
        .unwrap()
        .hits
        .iter()
        .map(|h| h.card.id.clone())
        .collect();
    searched.sort();
    let mut listed: Vec<String> = archive
        .listing(viewer, &ListFilter::default(), 0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.id)
        .collect();
    listed.sort();
    let all = archive
        .listing(&Viewer::owner(), &ListFilter::default(), 0, 100)
        .await
        .unwrap();
    let mut readable = Vec::new();
    for l in all {
        if archive.document(viewer, &l.id).await.unwrap().is_some() {
            readable.push(l.id);
        }
    }
    readable.sort();
    (searched, listed, readable)
}

/// The three ways agree; returns what they see.
async fn agreed(archive: &Archive, viewer: &Viewer) -> Vec<String> {
    let (searched, listed, readable) = seen(archive, viewer).await;
    assert_eq!(searched, listed, "the index and the store disagree");
    assert_eq!(searched, readable, "the lists and the documents disagree");
    let count = archive
        .count_listed(viewer, &ListFilter::default())
        .await
        .unwrap();
    assert_eq!(count as usize, listed.len());
    searched
}

fn rule(state: State, until: Option<&str>, roles: &[Role], users: &[&str]) -> Rule {
    Rule {
        state,
        until: until.map(String::from),
        roles: roles.to_vec(),
        users: users.iter().map(|u| u.to_string()).collect(),
        reason: "a test".into(),
    }
}

#[tokio::test]
async fn an_embargo_ends_by_the_clock_without_a_rebuild() {
    let clock = Arc::new(FixedClock::new(NOON));
    let archive = archive(clock.clone()).await;
    let owner = Viewer::owner();
    let anonymous = Viewer::anonymous();
    let everything = agreed(&archive, &anonymous).await;
    let doc = everything[0].clone();
    archive
        .set_access(
            &owner,
            Scope::Document,
            &doc,
            &rule(State::Embargoed, Some("2026-12-05"), &[Role::Editor], &[]),
        )
        .await
        .unwrap();
    let before = agreed(&archive, &anonymous).await;
    assert!(!before.contains(&doc));
    assert_eq!(before.len(), everything.len() - 1);
    assert!(agreed(&archive, &Viewer::user("e", Role::Editor))
        .await
        .contains(&doc));
    assert!(!agreed(&archive, &Viewer::user("r", Role::Reader))
        .await
        .contains(&doc));
    // Midnight passes: public, with nothing rebuilt.
    clock.advance(12 * 3600);
    assert_eq!(agreed(&archive, &anonymous).await, everything);
}

#[tokio::test]
async fn a_collection_rule_holds_unless_a_document_has_its_own() {
    let clock = Arc::new(FixedClock::new(NOON));
    let archive = archive(clock).await;
    let owner = Viewer::owner();
    let anonymous = Viewer::anonymous();
    let everything = agreed(&archive, &anonymous).await;
    // The fixtures' documents are mostly the Wilson Center's.
    let collection = "Wilson Center Digital Archive";
    let of_it: Vec<String> = {
        let mut ids = Vec::new();
        for id in &everything {
            let d = archive.document(&owner, id).await.unwrap().unwrap();
            if d.document.citation.publisher.as_deref() == Some(collection) {
                ids.push(id.clone());
            }
        }
        ids
    };
    assert!(of_it.len() >= 2, "{of_it:?}");
    archive
        .set_access(
            &owner,
            Scope::Collection,
            collection,
            &rule(State::Restricted, None, &[Role::Reader], &[]),
        )
        .await
        .unwrap();
    let shown = agreed(&archive, &anonymous).await;
    assert!(of_it.iter().all(|id| !shown.contains(id)), "{shown:?}");
    assert_eq!(shown.len(), everything.len() - of_it.len());
    // Any account reads it; a document of it made public shows to all.
    assert_eq!(
        agreed(&archive, &Viewer::user("r", Role::Reader)).await,
        everything
    );
    archive
        .set_access(
            &owner,
            Scope::Document,
            &of_it[0],
            &rule(State::Public, None, &[], &[]),
        )
        .await
        .unwrap();
    assert!(agreed(&archive, &anonymous).await.contains(&of_it[0]));
    assert!(!agreed(&archive, &anonymous).await.contains(&of_it[1]));
    // And a rule not the admin's to set is refused.
    let err = archive
        .set_access(
            &Viewer::user("e", Role::Editor),
            Scope::Collection,
            collection,
            &rule(State::Public, None, &[], &[]),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("admin"), "{err}");
    // Every change is in the audit log, with who made it.
    let log = archive.audit_log(&owner, 0, 100).await.unwrap();
    let access: Vec<_> = log.iter().filter(|e| e.action == "access").collect();
    assert_eq!(access.len(), 2, "{log:?}");
    assert!(access.iter().all(|e| e.actor == "console"));
}

#[tokio::test]
async fn rules_are_checked_before_they_are_kept() {
    let archive = archive(Arc::new(FixedClock::new(NOON))).await;
    let owner = Viewer::owner();
    for (name, r, why) in [
        (
            "no-such-document",
            rule(State::Restricted, None, &[], &[]),
            "no document",
        ),
        ("x", rule(State::Embargoed, None, &[], &[]), "--until"),
        (
            "x",
            rule(State::Embargoed, Some("2026-02-30"), &[], &[]),
            "not a day",
        ),
        (
            "x",
            rule(State::Public, Some("2027-01-01"), &[], &[]),
            "only an embargo",
        ),
    ] {
        let err = archive
            .set_access(&owner, Scope::Document, name, &r)
            .await
            .unwrap_err();
        assert!(err.to_string().contains(why), "{err}");
    }
    assert!(archive.access_rules(&owner).await.unwrap().is_empty());
}
