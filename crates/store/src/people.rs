//! People in the store: the names each current document gives (written with
//! the document, in its transaction, with the counts of names and links the
//! linker reads), the editors' decisions, and the persons linked from both
//! (rebuilt whole by [`Store::replace_persons`]).
//! The figures of a person (documents, turns, words, who they appear with,
//! documents by year) are SQL over these tables.

use crate::{Store, StoreError};
use fonds_core::people::{
    document_people, Decision, DocPeople, FormCount, FormInfo, LinkCount, Person, Role, Tally,
};
use sqlx::Row;

/// A person as listed, with their figures across the archive.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub documents: i64,
    /// Turns and words in the documents' preferred texts.
    pub turns: i64,
    pub words: i64,
}

/// One name of a person.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRow {
    pub form: String,
    pub docs: i64,
    pub why: String,
    /// The roles the name has in documents ("speaker", "participant", ...).
    pub roles: Vec<String>,
}

/// A document a person appears in.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonDocument {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub roles: Vec<String>,
    pub turns: i64,
    pub words: i64,
}

/// Everything a person page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonDetail {
    pub person: PersonRow,
    pub notes: Vec<String>,
    pub forms: Vec<FormRow>,
    pub documents: Vec<PersonDocument>,
    /// Documents by year of their date.
    pub timeline: Vec<(i32, i64)>,
    /// The persons met in the same documents, with how many, most first.
    pub met: Vec<(String, String, i64)>,
}

/// The archive's co-occurrence network: persons and the documents they share.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    pub nodes: Vec<PersonRow>,
    /// Two persons' ids and the documents they share.
    pub edges: Vec<(String, String, i64)>,
}

/// A decision's row: its kind and two values.
fn decision_parts(d: &Decision) -> (&'static str, &str, &str) {
    {
        match d {
            Decision::Merge { a, b } => ("merge", a, b),
            Decision::Split { a, b } => ("split", a, b),
            Decision::Name { form, name } => ("name", form, name),
        }
    }
}

/// Replaces the people rows of documents: deletes those of `old` (the
/// documents whose earlier version is replaced) and writes those of `new`,
/// keeping the counts of names and links level with the rows.
pub(crate) async fn replace_people(
    tx: &mut sqlx::SqliteConnection,
    old: &[&str],
    new: &[(&str, &DocPeople)],
) -> Result<(), StoreError> {
    let mut tally = Tally::default();
    for chunk in old.chunks(500) {
        let mentions = crate::in_ids(
            "SELECT doc_id, form, role, is_primary FROM person_mentions WHERE doc_id IN",
            chunk,
        )
        .fetch_all(&mut *tx)
        .await?;
        let links = crate::in_ids(
            "SELECT doc_id, form_a, form_b, evidence FROM person_links WHERE doc_id IN",
            chunk,
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut by_doc: std::collections::BTreeMap<String, (Vec<usize>, Vec<usize>)> =
            Default::default();
        for (i, r) in mentions.iter().enumerate() {
            by_doc.entry(r.get(0)).or_default().0.push(i);
        }
        for (i, r) in links.iter().enumerate() {
            by_doc.entry(r.get(0)).or_default().1.push(i);
        }
        for (m, l) in by_doc.values() {
            tally.add_rows(
                m.iter().map(|&i| {
                    let r = &mentions[i];
                    let role: &str = r.get(2);
                    let primary: i64 = r.get(3);
                    (
                        r.get::<&str, _>(1),
                        Role::parse(role).unwrap_or(Role::Mentioned),
                        primary == 1,
                    )
                }),
                l.iter().map(|&i| {
                    let r = &links[i];
                    (r.get(1), r.get(2), r.get(3))
                }),
                -1,
            );
        }
        for table in ["person_mentions", "person_links"] {
            crate::in_ids(&format!("DELETE FROM {table} WHERE doc_id IN"), chunk)
                .execute(&mut *tx)
                .await?;
        }
    }
    for (_, p) in new {
        tally.add(p, 1);
    }
    write_people(tx, new).await?;
    write_counts(tx, tally).await
}

/// Adds a tally's changes to the stored counts; drops the names and links
/// no document gives any more.
async fn write_counts(tx: &mut sqlx::SqliteConnection, tally: Tally) -> Result<(), StoreError> {
    let mut forms: Vec<(String, FormCount)> = tally
        .forms
        .into_iter()
        .filter(|(_, c)| *c != FormCount::default())
        .collect();
    forms.sort_by(|a, b| a.0.cmp(&b.0));
    crate::insert_rows(
        tx,
        "INSERT INTO person_form_counts (form, docs, primary_docs, speaker, participant, recorder, mentioned)",
        " ON CONFLICT (form) DO UPDATE SET docs = person_form_counts.docs + excluded.docs,
             primary_docs = person_form_counts.primary_docs + excluded.primary_docs,
             speaker = person_form_counts.speaker + excluded.speaker,
             participant = person_form_counts.participant + excluded.participant,
             recorder = person_form_counts.recorder + excluded.recorder,
             mentioned = person_form_counts.mentioned + excluded.mentioned",
        7,
        &forms,
        |q, (form, c)| {
            let [s, p, r, m] = c.roles;
            q.bind(form.clone())
                .bind(c.docs)
                .bind(c.primary_docs)
                .bind(s)
                .bind(p)
                .bind(r)
                .bind(m)
        },
    )
    .await?;
    let mut links: Vec<((String, String, String), i64)> =
        tally.links.into_iter().filter(|(_, n)| *n != 0).collect();
    links.sort();
    crate::insert_rows(
        tx,
        "INSERT INTO person_link_counts (form_a, form_b, evidence, docs)",
        " ON CONFLICT (form_a, form_b, evidence) DO UPDATE SET docs = person_link_counts.docs + excluded.docs",
        4,
        &links,
        |q, ((a, b, evidence), n)| {
            q.bind(a.clone())
                .bind(b.clone())
                .bind(evidence.clone())
                .bind(*n)
        },
    )
    .await?;
    for (form, _) in forms.iter().filter(|(_, c)| c.docs < 0) {
        sqlx::query("DELETE FROM person_form_counts WHERE form = ? AND docs <= 0")
            .bind(form)
            .execute(&mut *tx)
            .await?;
    }
    for ((a, b, evidence), _) in links.iter().filter(|(_, n)| *n < 0) {
        sqlx::query(
            "DELETE FROM person_link_counts WHERE form_a = ? AND form_b = ? AND evidence = ? AND docs <= 0",
        )
        .bind(a)
        .bind(b)
        .bind(evidence)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Writes the people rows of documents' new versions (the old versions'
/// rows already deleted), in multi-row inserts.
async fn write_people(
    tx: &mut sqlx::SqliteConnection,
    docs: &[(&str, &DocPeople)],
) -> Result<(), StoreError> {
    let mentions: Vec<(&str, &fonds_core::people::Mention)> = docs
        .iter()
        .flat_map(|(id, p)| p.mentions.iter().map(move |m| (*id, m)))
        .collect();
    crate::insert_rows(
        tx,
        "INSERT INTO person_mentions (doc_id, form, role, lang, is_primary, turns, words, detail)",
        "",
        8,
        &mentions,
        |q, (id, m)| {
            q.bind(id.to_string())
                .bind(m.form.clone())
                .bind(m.role.as_str())
                .bind(m.lang.clone())
                .bind(i64::from(m.primary))
                .bind(i64::from(m.turns))
                .bind(i64::from(m.words))
                .bind(m.detail.clone())
        },
    )
    .await?;
    let links: Vec<(&str, &str, &str, &str)> = docs
        .iter()
        .flat_map(|(id, p)| p.link_rows().map(move |(a, b, e)| (*id, a, b, e)))
        .collect();
    crate::insert_rows(
        tx,
        "INSERT INTO person_links (doc_id, form_a, form_b, evidence)",
        "",
        4,
        &links,
        |q, (id, a, b, evidence)| {
            q.bind(id.to_string())
                .bind(a.to_string())
                .bind(b.to_string())
                .bind(evidence.to_string())
        },
    )
    .await?;
    Ok(())
}

/// The distinct roles a person's names have, by name or by document: the
/// `(key, role)` rows of a query, grouped. Done here rather than with an SQL
/// string aggregate, which SQLite and PostgreSQL spell differently.
fn roles_by(rows: &[sqlx::sqlite::SqliteRow]) -> std::collections::HashMap<String, Vec<String>> {
    let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
    for r in rows {
        let roles = out.entry(r.get(0)).or_default();
        let role: String = r.get(1);
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    for roles in out.values_mut() {
        roles.sort();
    }
    out
}

impl Store {
    /// A value of the store's own bookkeeping.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.get(0)))
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let _guard = self.write.lock().await;
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Rewrites the people rows of every current document (after a change
    /// of how people are read).
    pub async fn rewrite_people(&self) -> Result<usize, StoreError> {
        let mut seq = 0;
        let mut n = 0;
        loop {
            let batch = self.changed_since(seq, 500).await?;
            let Some(last) = batch.last() else { break };
            seq = last.seq;
            let people: Vec<DocPeople> =
                batch.iter().map(|s| document_people(&s.document)).collect();
            let rows: Vec<(&str, &DocPeople)> = batch
                .iter()
                .zip(&people)
                .map(|(s, p)| (s.document.id.as_str(), p))
                .collect();
            let ids: Vec<&str> = rows.iter().map(|(id, _)| *id).collect();
            let _guard = self.write.lock().await;
            let mut tx = self.pool.begin().await?;
            replace_people(&mut tx, &ids, &rows).await?;
            tx.commit().await?;
            n += rows.len();
        }
        Ok(n)
    }

    /// What the linker needs: every name with its counts, the pairs
    /// documents say are one person, and the pairs they show are two. Read
    /// from the counts kept with the documents: one row per name and link.
    pub async fn people_input(
        &self,
    ) -> Result<(Vec<FormInfo>, Vec<LinkCount>, Vec<(String, String)>), StoreError> {
        let mut tally = Tally::default();
        for r in sqlx::query(
            "SELECT form, docs, primary_docs, speaker, participant, recorder, mentioned
             FROM person_form_counts WHERE docs > 0",
        )
        .fetch_all(&self.pool)
        .await?
        {
            tally.forms.insert(
                r.get(0),
                FormCount {
                    docs: r.get(1),
                    primary_docs: r.get(2),
                    roles: [r.get(3), r.get(4), r.get(5), r.get(6)],
                },
            );
        }
        for r in sqlx::query(
            "SELECT form_a, form_b, evidence, docs FROM person_link_counts WHERE docs > 0",
        )
        .fetch_all(&self.pool)
        .await?
        {
            tally.links.insert((r.get(0), r.get(1), r.get(2)), r.get(3));
        }
        Ok(tally.into_parts())
    }

    /// Records an editor's decision; it applies at every later linking.
    pub async fn add_decision(&self, d: &Decision) -> Result<(), StoreError> {
        let (kind, a, b) = decision_parts(d);
        let now = crate::rfc3339(self.clock.now());
        let _guard = self.write.lock().await;
        sqlx::query(
            "INSERT INTO person_decisions (seq, kind, form_a, form_b, made_at)
             VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM person_decisions), $1, $2, $3, $4)",
        )
        .bind(kind)
        .bind(a)
        .bind(b)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The editors' decisions in the order made.
    pub async fn decisions(&self) -> Result<Vec<Decision>, StoreError> {
        let rows = sqlx::query("SELECT kind, form_a, form_b FROM person_decisions ORDER BY seq")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let (kind, a, b): (String, String, String) = (r.get(0), r.get(1), r.get(2));
                Ok(match kind.as_str() {
                    "merge" => Decision::Merge { a, b },
                    "split" => Decision::Split { a, b },
                    "name" => Decision::Name { form: a, name: b },
                    other => {
                        return Err(StoreError::Corrupt(format!(
                            "person decision of unknown kind {other:?}"
                        )))
                    }
                })
            })
            .collect()
    }

    /// Replaces the persons with a new linking, in one transaction.
    pub async fn replace_persons(&self, persons: &[Person]) -> Result<(), StoreError> {
        let _guard = self.write.lock().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM person_forms")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM persons").execute(&mut *tx).await?;
        crate::insert_rows(
            &mut tx,
            "INSERT INTO persons (id, name, notes)",
            "",
            3,
            persons,
            |q, p| {
                q.bind(p.id.clone())
                    .bind(p.name.clone())
                    .bind(p.notes.join("\n"))
            },
        )
        .await?;
        let forms: Vec<(&str, &fonds_core::people::PersonForm)> = persons
            .iter()
            .flat_map(|p| p.forms.iter().map(move |f| (p.id.as_str(), f)))
            .collect();
        crate::insert_rows(
            &mut tx,
            "INSERT INTO person_forms (form, person_id, docs, why)",
            "",
            4,
            &forms,
            |q, (id, f)| {
                q.bind(f.form.clone())
                    .bind(id.to_string())
                    .bind(i64::from(f.docs))
                    .bind(f.why.clone())
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The person a name belongs to, if any.
    pub async fn person_of_form(&self, form: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query("SELECT person_id FROM person_forms WHERE form = $1")
                .bind(form)
                .fetch_optional(&self.pool)
                .await?
                .map(|r| r.get(0)),
        )
    }

    /// A person's preferred name and names with how many documents give
    /// each, the best attested first: what search widens a name to, without
    /// the figures of [`Store::person`].
    pub async fn person_names(
        &self,
        id: &str,
    ) -> Result<Option<(String, Vec<(String, i64)>)>, StoreError> {
        let Some(name) = sqlx::query("SELECT name FROM persons WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let forms = sqlx::query(
            "SELECT form, docs FROM person_forms WHERE person_id = $1 ORDER BY docs DESC, form",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
        Ok(Some((name.get(0), forms)))
    }

    /// The names of a person, the best attested first.
    pub async fn person_forms(&self, id: &str) -> Result<Vec<FormRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT form, docs, why FROM person_forms WHERE person_id = $1 ORDER BY docs DESC, form",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut roles = roles_by(
            &sqlx::query(
                "SELECT DISTINCT m.form, m.role FROM person_forms f
                 JOIN person_mentions m ON m.form = f.form WHERE f.person_id = $1",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?,
        );
        Ok(rows
            .iter()
            .map(|r| {
                let form: String = r.get(0);
                FormRow {
                    roles: roles.remove(&form).unwrap_or_default(),
                    form,
                    docs: r.get(1),
                    why: r.get(2),
                }
            })
            .collect())
    }

    /// Persons with their figures, the most documented first.
    pub async fn persons(&self, limit: i64, offset: i64) -> Result<Vec<PersonRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, COUNT(DISTINCT m.doc_id),
                    COALESCE(SUM(CASE WHEN m.is_primary = 1 THEN m.turns ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN m.is_primary = 1 THEN m.words ELSE 0 END), 0)
             FROM persons p JOIN person_forms f ON f.person_id = p.id
             JOIN person_mentions m ON m.form = f.form
             GROUP BY p.id, p.name ORDER BY 3 DESC, p.name LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(person_row).collect())
    }

    pub async fn count_persons(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM persons")
            .fetch_one(&self.pool)
            .await?
            .get(0))
    }

    /// One person with names, documents, timeline and the persons they meet.
    pub async fn person(&self, id: &str) -> Result<Option<PersonDetail>, StoreError> {
        let Some(head) = sqlx::query("SELECT id, name, notes FROM persons WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let notes: String = head.get(2);
        let docs = sqlx::query(
            "SELECT d.id, d.title, d.date_from,
                    SUM(CASE WHEN m.is_primary = 1 THEN m.turns ELSE 0 END),
                    SUM(CASE WHEN m.is_primary = 1 THEN m.words ELSE 0 END)
             FROM person_forms f JOIN person_mentions m ON m.form = f.form
             JOIN documents d ON d.id = m.doc_id
             WHERE f.person_id = $1
             GROUP BY d.id, d.title, d.date_from ORDER BY d.date_from, d.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut roles = roles_by(
            &sqlx::query(
                "SELECT DISTINCT m.doc_id, m.role FROM person_forms f
                 JOIN person_mentions m ON m.form = f.form WHERE f.person_id = $1",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?,
        );
        let documents: Vec<PersonDocument> = docs
            .iter()
            .map(|r| {
                let id: String = r.get(0);
                PersonDocument {
                    roles: roles.remove(&id).unwrap_or_default(),
                    id,
                    title: r.get(1),
                    date: r.get(2),
                    turns: r.get(3),
                    words: r.get(4),
                }
            })
            .collect();
        let mut timeline: Vec<(i32, i64)> = Vec::new();
        for d in &documents {
            let Some(year) = d
                .date
                .as_deref()
                .and_then(|s| s.get(..4))
                .and_then(|y| y.parse().ok())
            else {
                continue;
            };
            match timeline.last_mut() {
                Some((y, n)) if *y == year => *n += 1,
                _ => timeline.push((year, 1)),
            }
        }
        timeline.sort();
        let met = sqlx::query(
            "SELECT p2.id, p2.name, COUNT(DISTINCT m2.doc_id)
             FROM person_forms f1 JOIN person_mentions m1 ON m1.form = f1.form
             JOIN person_mentions m2 ON m2.doc_id = m1.doc_id
             JOIN person_forms f2 ON f2.form = m2.form
             JOIN persons p2 ON p2.id = f2.person_id
             WHERE f1.person_id = $1 AND f2.person_id <> $1
             GROUP BY p2.id, p2.name ORDER BY 3 DESC, p2.name LIMIT 30",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
        let person = PersonRow {
            id: head.get(0),
            name: head.get(1),
            documents: documents.len() as i64,
            turns: documents.iter().map(|d| d.turns).sum(),
            words: documents.iter().map(|d| d.words).sum(),
        };
        Ok(Some(PersonDetail {
            person,
            notes: notes
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            forms: self.person_forms(id).await?,
            documents,
            timeline,
            met,
        }))
    }

    /// The `limit` most documented persons and the documents each pair shares.
    pub async fn network(&self, limit: i64) -> Result<Network, StoreError> {
        let nodes = self.persons(limit, 0).await?;
        let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
        if ids.is_empty() {
            return Ok(Network::default());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let marks = marks.join(", ");
        // Fixed fragments and numbered placeholders only; every id is bound.
        let sql = format!(
            "SELECT f1.person_id, f2.person_id, COUNT(DISTINCT m1.doc_id)
             FROM person_forms f1 JOIN person_mentions m1 ON m1.form = f1.form
             JOIN person_mentions m2 ON m2.doc_id = m1.doc_id
             JOIN person_forms f2 ON f2.form = m2.form
             WHERE f1.person_id IN ({marks}) AND f2.person_id IN ({marks})
               AND f1.person_id < f2.person_id
             GROUP BY f1.person_id, f2.person_id ORDER BY 3 DESC"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in &ids {
            query = query.bind(*id);
        }
        let edges = query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        Ok(Network { nodes, edges })
    }

    /// The document's people as stored: (form, role, person id, turns, words).
    pub async fn document_persons(
        &self,
        doc_id: &str,
    ) -> Result<Vec<(String, String, Option<String>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT m.form, m.role, f.person_id FROM person_mentions m
             LEFT JOIN person_forms f ON f.form = m.form WHERE m.doc_id = $1 ORDER BY m.role, m.form",
        )
        .bind(doc_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }
}

fn person_row(r: &sqlx::sqlite::SqliteRow) -> PersonRow {
    PersonRow {
        id: r.get(0),
        name: r.get(1),
        documents: r.get(2),
        turns: r.get(3),
        words: r.get(4),
    }
}
