//! People in the store: the names each current document gives (written with
//! the document, in its transaction), the editors' decisions, and the
//! persons linked from both (rebuilt whole by [`Store::replace_persons`]).
//! The figures of a person (documents, turns, words, who they appear with,
//! documents by year) are SQL over these tables.

use crate::{Store, StoreError};
use fonds_core::people::{
    document_people, Decision, DocPeople, Evidence, FormInfo, LinkCount, Person, Role,
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

/// Writes the people rows of documents' new versions (the old versions'
/// rows already deleted), in multi-row inserts.
pub(crate) async fn write_people(
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
        .flat_map(|(id, p)| {
            p.links
                .iter()
                .map(move |l| (*id, l.a.as_str(), l.b.as_str(), l.evidence.as_str()))
                .chain(
                    p.apart
                        .iter()
                        .map(move |(a, b)| (*id, a.as_str(), b.as_str(), "apart")),
                )
        })
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
            let _guard = self.write.lock().await;
            let mut tx = self.pool.begin().await?;
            for table in ["person_mentions", "person_links"] {
                let sql = format!(
                    "DELETE FROM {table} WHERE doc_id IN ({})",
                    crate::marks(rows.len())
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (id, _) in &rows {
                    q = q.bind(*id);
                }
                q.execute(&mut *tx).await?;
            }
            write_people(&mut tx, &rows).await?;
            tx.commit().await?;
            n += rows.len();
        }
        Ok(n)
    }

    /// What the linker needs: every name with its counts, the pairs
    /// documents say are one person, and the pairs they show are two.
    pub async fn people_input(
        &self,
    ) -> Result<(Vec<FormInfo>, Vec<LinkCount>, Vec<(String, String)>), StoreError> {
        let rows = sqlx::query(
            "SELECT form, COUNT(DISTINCT doc_id),
                    COUNT(DISTINCT CASE WHEN is_primary = 1 THEN doc_id END),
                    MIN(CASE role WHEN 'speaker' THEN 0 WHEN 'participant' THEN 1 WHEN 'recorder' THEN 2 ELSE 3 END),
                    MAX(CASE role WHEN 'speaker' THEN 0 WHEN 'participant' THEN 1 WHEN 'recorder' THEN 2 ELSE 3 END)
             FROM person_mentions GROUP BY form ORDER BY form",
        )
        .fetch_all(&self.pool)
        .await?;
        let role = |i: i64| Role::ALL[i.clamp(0, 3) as usize];
        let forms = rows
            .iter()
            .map(|r| {
                let (lo, hi) = (role(r.get(3)), role(r.get(4)));
                FormInfo {
                    form: r.get(0),
                    docs: r.get::<i64, _>(1) as u32,
                    primary_docs: r.get::<i64, _>(2) as u32,
                    roles: if lo == hi { vec![lo] } else { vec![lo, hi] },
                }
            })
            .collect();
        let rows = sqlx::query(
            "SELECT form_a, form_b, evidence, COUNT(DISTINCT doc_id) FROM person_links
             GROUP BY form_a, form_b, evidence ORDER BY form_a, form_b, evidence",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut links = Vec::new();
        let mut apart = Vec::new();
        for r in &rows {
            let (a, b, evidence): (String, String, String) = (r.get(0), r.get(1), r.get(2));
            match Evidence::parse(&evidence) {
                Some(evidence) => links.push(LinkCount {
                    a,
                    b,
                    evidence,
                    docs: r.get::<i64, _>(3) as u32,
                }),
                None => apart.push((a, b)),
            }
        }
        Ok((forms, links, apart))
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
        for p in persons {
            sqlx::query("INSERT INTO persons (id, name, notes) VALUES ($1, $2, $3)")
                .bind(&p.id)
                .bind(&p.name)
                .bind(p.notes.join("\n"))
                .execute(&mut *tx)
                .await?;
            for f in &p.forms {
                sqlx::query(
                    "INSERT INTO person_forms (form, person_id, docs, why) VALUES ($1, $2, $3, $4)",
                )
                .bind(&f.form)
                .bind(&p.id)
                .bind(i64::from(f.docs))
                .bind(&f.why)
                .execute(&mut *tx)
                .await?;
            }
        }
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
