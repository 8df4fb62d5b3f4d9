//! People: who a document names and how much each speaker says, and the
//! linking of the names of an archive into persons across documents,
//! scripts, romanizations and OCR damage.
//!
//! Two stages. [`document_people`](mentions::document_people) reads one document: every name it gives
//! (speakers, participants, recorders, and names after an honorific in the
//! text, "т. Ким Ир Сен", "Cde. Kim Il Sung"), and the pairs of names the
//! document itself says are one person: a turn's label and the speaker of the
//! translation turn aligned with it when the label spells that name (so the
//! OCR's "Миколдн" is Mikoyan; a label that spells another name counts its
//! turn for the speaker and is no name of theirs), a
//! participant and the same place in the other text's list, and the names
//! after honorifics in two aligned turns. [`link`](link::link) then joins the names of a
//! whole archive into persons, from those pairs, from shared name keys
//! across scripts and systems ([`fonds_names::matching`]) and from OCR-close
//! spellings, under the editors' decisions, and says for every name why it
//! joined. A name that could belong to several persons (a bare "Kim") is
//! flagged, never forced.
//!
//! What one document gives is bounded whatever it holds: names are counted
//! through hash tables, not lists searched for each name, and the pairs of
//! names a document keeps apart are made among its [`MAX_APART_NAMES`](mentions::MAX_APART_NAMES) most
//! speaking speakers and first participants only, since every pair of a
//! list costs a comparison and a row; at most [`MAX_NAMES_PER_ROLE`](mentions::MAX_NAMES_PER_ROLE) names
//! are counted per role and language.
//!
//! The module is pure: it reads values and returns values.
//!
//! The stages are three modules: [`mentions`] reads one document (its
//! names, the pairs it links or keeps apart, the speakers' shares),
//! [`tally`] counts them over the documents of an archive, signed, and
//! [`link`] joins the counted names into persons.

pub mod link;
pub mod mentions;
pub mod tally;

#[cfg(test)]
mod tests {
    use super::link::*;
    use super::mentions::*;
    use super::tally::*;
    use crate::record::read_record;

    const SEED: &str = "/work/shared/seed/000_d1706e7d43c0b0d8.txt";

    #[test]
    fn names_after_honorifics() {
        assert_eq!(
            names_in_text("Как себя чувствовали т. Ким Ир Сен? Тов. Чой Ен Ген сказал"),
            ["Ким Ир Сен", "Чой Ен Ген"]
        );
        assert_eq!(
            names_in_text("where is Cde. Kim Il Sung right now, asked Comrade A. I. Mikoyan."),
            ["Kim Il Sung", "A. I. Mikoyan"]
        );
        assert_eq!(names_in_text("毛泽东同志说"), ["毛泽东"]);
        assert_eq!(names_in_text("김일성 동지는"), ["김일성"]);
        assert!(names_in_text("the general line of the party").is_empty());
        assert_eq!(word_count("毛泽东 said 同志"), 6);
    }

    #[test]
    fn a_bare_surname_shared_by_two_persons_is_flagged_not_forced() {
        let f = |form: &str, docs| FormInfo {
            form: form.into(),
            docs,
            primary_docs: docs,
            roles: vec![Role::Mentioned],
        };
        let forms = [f("Kim Il Sung", 5), f("Kim Chang-man", 3), f("Kim", 2)];
        let persons = link(&forms, &[], &[], &[]);
        assert_eq!(persons.len(), 3, "{persons:#?}");
        let kim = persons.iter().find(|p| p.name == "Kim").unwrap();
        assert!(
            kim.notes.iter().any(|n| n.contains("could also be")),
            "{kim:?}"
        );
        // An editor decides.
        let persons = link(
            &forms,
            &[],
            &[],
            &[Decision::Merge {
                a: "Kim".into(),
                b: "Kim Il Sung".into(),
            }],
        );
        let p = persons.iter().find(|p| p.name == "Kim Il Sung").unwrap();
        assert_eq!(p.forms.len(), 2);
        assert!(p
            .forms
            .iter()
            .any(|f| f.why.starts_with("merged by an editor")));
    }

    #[test]
    fn a_split_keeps_names_apart_whatever_the_documents_say() {
        let f = |form: &str| FormInfo {
            form: form.into(),
            docs: 1,
            primary_docs: 1,
            roles: vec![Role::Speaker],
        };
        let forms = [f("Mikoyan"), f("Микоян"), f("Мамонин")];
        let links = [LinkCount {
            a: "Mikoyan".into(),
            b: "Мамонин".into(),
            evidence: Evidence::Alignment,
            docs: 1,
        }];
        let joined = link(&forms, &links, &[], &[]);
        assert_eq!(joined.len(), 1, "{joined:#?}");
        let split = link(
            &forms,
            &links,
            &[],
            &[Decision::Split {
                a: "Mikoyan".into(),
                b: "Мамонин".into(),
            }],
        );
        assert_eq!(split.len(), 2, "{split:#?}");
    }

    #[test]
    fn the_seed_people() {
        let Ok(source) = std::fs::read_to_string(SEED) else {
            eprintln!("people seed: {SEED} not found, skipped");
            return;
        };
        let doc = read_record(&source, None);
        let people = document_people(&doc);
        let mut tally = Tally::default();
        tally.add(&people, 1);
        let (forms, links, apart) = tally.into_parts();
        let persons = link(&forms, &links, &apart, &[]);
        let find = |name: &str| {
            persons
                .iter()
                .find(|p| p.forms.iter().any(|f| f.form == name))
                .unwrap_or_else(|| panic!("{name} in {persons:#?}"))
        };
        for (person, forms) in [
            ("Mikoyan", &["Mikoyan", "Микоян", "Миколдн"][..]),
            (
                "Choe Yong-geon",
                &["Choe Yong-geon", "Чой Ен Ген", "Чань Эн Ген", "Уайт Эн Ген"][..],
            ),
            ("Rim Hae", &["Rim Hae"][..]),
            ("Kim Il Sung", &["Kim Il Sung", "Ким Ир Сен"][..]),
        ] {
            let p = find(forms[0]);
            assert_eq!(p.name, person, "{p:#?}");
            for f in forms {
                assert!(p.forms.iter().any(|x| x.form == *f), "{f} not in {p:#?}");
            }
        }
        // Labels the alignment gave to a person's turns without spelling
        // the person's name are evidence for those turns, not names.
        for (person, not_theirs) in [
            ("Mikoyan", &["Мамонин", "Николай", "Милл ХЭ"][..]),
            ("Choe Yong-geon", &["Ли Джо Эн"][..]),
        ] {
            let p = find(person);
            for f in not_theirs {
                assert!(p.forms.iter().all(|x| x.form != *f), "{f} in {p:#?}");
            }
        }
        let shares = speaker_shares(&doc);
        for t in &shares {
            let top: Vec<&str> = t.speakers.iter().take(2).map(|s| s.name.as_str()).collect();
            assert!(
                top.contains(&"Mikoyan") && top.contains(&"Choe Yong-geon"),
                "{t:#?}"
            );
        }
    }
}
