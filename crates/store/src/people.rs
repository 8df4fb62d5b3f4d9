//! People in the store: the names each current document gives (written with
//! the document, in its transaction, with the counts of names and links the
//! linker reads), the editors' decisions, and the persons linked from both
//! (rebuilt whole by [`Store::replace_persons`]).
//! The figures of a person that count documents (how many, by year, who
//! they appear with) are the index's to count; here are the persons, their
//! names with the counts kept per name, and a page of documents' rows.

use crate::Dialect;
use crate::{Store, StoreError};
use fonds_core::people::link::{Decision, FormInfo, LinkCount, Person};
use fonds_core::people::mentions::{document_people, DocPeople, Role};
use fonds_core::people::tally::{FormCount, MentionRow, Tally};
use sqlx::{AnyConnection, Row};

/// A person with their names, as the linking left them: what counting a
/// person's documents needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonEntry {
    pub id: String,
    pub name: String,
    /// The person's names, the best attested first.
    pub forms: Vec<String>,
    /// Turns and words spoken under the names in preferred texts.
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
    tx: &mut AnyConnection,
    old: &[&str],
    new: &[(&str, &DocPeople)],
) -> Result<(), StoreError> {
    let mut tally = Tally::default();
    let dialect = Dialect::of(tx);
    for chunk in old.chunks(500) {
        let mentions = crate::in_ids(
            dialect,
            "SELECT doc_id, form, role, is_primary, turns, words FROM person_mentions WHERE doc_id IN",
            chunk,
        )
        .fetch_all(&mut *tx)
        .await?;
        let links = crate::in_ids(
            dialect,
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
                    MentionRow {
                        form: r.get(1),
                        role: Role::parse(role).unwrap_or(Role::Mentioned),
                        primary: primary == 1,
                        turns: r.get(4),
                        words: r.get(5),
                    }
                }),
                l.iter().map(|&i| {
                    let r = &links[i];
                    (r.get(1), r.get(2), r.get(3))
                }),
                -1,
            );
        }
        for table in ["person_mentions", "person_links"] {
            crate::in_ids(
                dialect,
                &format!("DELETE FROM {table} WHERE doc_id IN"),
                chunk,
            )
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
async fn write_counts(tx: &mut AnyConnection, tally: Tally) -> Result<(), StoreError> {
    let mut forms: Vec<(String, FormCount)> = tally
        .forms
        .into_iter()
        .filter(|(_, c)| *c != FormCount::default())
        .collect();
    forms.sort_by(|a, b| a.0.cmp(&b.0));
    crate::insert_rows(
        tx,
        "INSERT INTO person_form_counts (form, docs, primary_docs, speaker, participant, recorder, mentioned, turns, words)",
        " ON CONFLICT (form) DO UPDATE SET docs = person_form_counts.docs + excluded.docs,
             primary_docs = person_form_counts.primary_docs + excluded.primary_docs,
             speaker = person_form_counts.speaker + excluded.speaker,
             participant = person_form_counts.participant + excluded.participant,
             recorder = person_form_counts.recorder + excluded.recorder,
             mentioned = person_form_counts.mentioned + excluded.mentioned,
             turns = person_form_counts.turns + excluded.turns,
             words = person_form_counts.words + excluded.words",
        9,
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
                .bind(c.turns)
                .bind(c.words)
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
        sqlx::query("DELETE FROM person_form_counts WHERE form = $1 AND docs <= 0")
            .bind(form)
            .execute(&mut *tx)
            .await?;
    }
    for ((a, b, evidence), _) in links.iter().filter(|(_, n)| *n < 0) {
        sqlx::query(
            "DELETE FROM person_link_counts WHERE form_a = $1 AND form_b = $2 AND evidence = $3 AND docs <= 0",
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
    tx: &mut AnyConnection,
    docs: &[(&str, &DocPeople)],
) -> Result<(), StoreError> {
    let mentions: Vec<(&str, &fonds_core::people::mentions::Mention)> = docs
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

    /// Stores `value` under `key` unless the key already has a value, and
    /// returns the value the key has then: `value`, or the one stored
    /// first, so that processes racing to set it agree on one.
    pub async fn meta_or_insert(&self, key: &str, value: &str) -> Result<String, StoreError> {
        {
            let _guard = self.write.lock().await;
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        }
        Ok(self.meta(key).await?.unwrap_or_else(|| value.to_string()))
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
            let mut tx = self.begin_write().await?;
            replace_people(&mut tx, &ids, &rows).await?;
            tx.commit().await?;
            n += rows.len();
        }
        Ok(n)
    }

    /// The counts kept for each name some document gives.
    pub async fn form_counts(
        &self,
    ) -> Result<std::collections::HashMap<String, FormCount>, StoreError> {
        Ok(sqlx::query(
            "SELECT form, docs, primary_docs, speaker, participant, recorder, mentioned, turns, words
             FROM person_form_counts WHERE docs > 0",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            (
                r.get(0),
                FormCount {
                    docs: r.get(1),
                    primary_docs: r.get(2),
                    roles: [r.get(3), r.get(4), r.get(5), r.get(6)],
                    turns: r.get(7),
                    words: r.get(8),
                },
            )
        })
        .collect())
    }

    /// What the linker needs: every name with its counts, the pairs
    /// documents say are one person, and the pairs they show are two. Read
    /// from the counts kept with the documents: one row per name and link.
    pub async fn people_input(
        &self,
    ) -> Result<(Vec<FormInfo>, Vec<LinkCount>, Vec<(String, String)>), StoreError> {
        let mut tally = Tally {
            forms: self.form_counts().await?,
            ..Tally::default()
        };
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
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM person_forms")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM persons").execute(&mut *tx).await?;
        // Counted up in the same transaction, so that what was derived from
        // the persons knows it is out of date (see `people_version`).
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('persons_version', '1')
             ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)",
        )
        .execute(&mut *tx)
        .await?;
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
        let forms: Vec<(&str, &fonds_core::people::link::PersonForm)> = persons
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

    /// Every person's preferred name and names with how many documents
    /// give each, the best attested first, in one read: the map search
    /// widens names by.
    pub async fn person_name_map(&self) -> Result<Vec<(String, Vec<(String, i64)>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, f.form, f.docs FROM persons p
             JOIN person_forms f ON f.person_id = p.id
             ORDER BY p.id, f.docs DESC, f.form",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<(String, Vec<(String, i64)>)> = Vec::new();
        let mut last: Option<String> = None;
        for r in rows {
            let id: String = r.get(0);
            if last.as_deref() != Some(id.as_str()) {
                out.push((r.get(1), Vec::new()));
                last = Some(id);
            }
            if let Some((_, forms)) = out.last_mut() {
                forms.push((r.get(2), r.get(3)));
            }
        }
        Ok(out)
    }

    /// The names of a person, the best attested first.
    ///
    /// With documents `hidden`, each name's documents and roles are counted
    /// among the others, and a name only they give is left out.
    pub async fn person_forms(
        &self,
        id: &str,
        hidden: &crate::Hidden,
    ) -> Result<Vec<FormRow>, StoreError> {
        let mut args = Vec::new();
        // Each expression counts the name's documents (in a role); the
        // clause's placeholders are shared by all of them.
        let (docs, roles) = match hidden.clause(&mut args, 2) {
            None => (
                "f.docs".to_string(),
                "COALESCE(c.speaker, 0) AS s, COALESCE(c.participant, 0) AS p,
                 COALESCE(c.recorder, 0) AS r, COALESCE(c.mentioned, 0) AS m"
                    .to_string(),
            ),
            Some(visible) => {
                let count = |role: &str| {
                    format!(
                        "(SELECT COUNT(DISTINCT m.doc_id) FROM person_mentions m
                           JOIN documents d ON d.id = m.doc_id
                          WHERE m.form = f.form{role} AND {visible})"
                    )
                };
                (
                    count(""),
                    format!(
                        "{} AS s, {} AS p, {} AS r, {} AS m",
                        count(" AND m.role = 'speaker'"),
                        count(" AND m.role = 'participant'"),
                        count(" AND m.role = 'recorder'"),
                        count(" AND m.role NOT IN ('speaker', 'participant', 'recorder')"),
                    ),
                )
            }
        };
        let sql = format!(
            "SELECT * FROM (SELECT f.form, {docs} AS docs, f.why, {roles}
             FROM person_forms f LEFT JOIN person_form_counts c ON c.form = f.form
             WHERE f.person_id = $1) AS named WHERE docs > 0 ORDER BY docs DESC, form"
        );
        // Fixed fragments and placeholders only; every value is bound.
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id);
        let rows = args
            .iter()
            .fold(query, |q, a| q.bind(a))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let mut roles: Vec<String> = Role::ALL
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| r.get::<i64, _>(3 + i) > 0)
                    .map(|(_, role)| role.as_str().to_string())
                    .collect();
                roles.sort();
                FormRow {
                    form: r.get(0),
                    docs: r.get(1),
                    why: r.get(2),
                    roles,
                }
            })
            .collect())
    }

    /// What the documents say the person `id` was, in any of their names
    /// ("Secretary of State"), with the documents that say it, most first;
    /// at most `limit`.
    pub async fn person_roles(
        &self,
        id: &str,
        limit: i64,
        hidden: &crate::Hidden,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let mut args = Vec::new();
        let visible = hidden.clause(&mut args, 3);
        let sql = format!(
            "SELECT m.detail, COUNT(DISTINCT m.doc_id) AS n
             FROM person_forms f JOIN person_mentions m ON m.form = f.form{}
             WHERE f.person_id = $1 AND m.detail IS NOT NULL AND m.detail <> ''{}
             GROUP BY m.detail ORDER BY n DESC, m.detail LIMIT $2",
            if visible.is_some() {
                " JOIN documents d ON d.id = m.doc_id"
            } else {
                ""
            },
            visible.map(|v| format!(" AND {v}")).unwrap_or_default(),
        );
        // Fixed fragments and placeholders only; every value is bound.
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).bind(limit);
        let rows = args
            .iter()
            .fold(query, |q, a| q.bind(a))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The turns and words spoken under each name in the preferred texts of
    /// the documents `hidden` hides: what the figures a reader sees leave
    /// out. Empty when nothing is hidden.
    pub async fn hidden_spoken(
        &self,
        hidden: &crate::Hidden,
    ) -> Result<std::collections::HashMap<String, (i64, i64)>, StoreError> {
        let mut args = Vec::new();
        let Some(visible) = hidden.clause(&mut args, 1) else {
            return Ok(Default::default());
        };
        let sql = format!(
            "SELECT m.form, CAST(SUM(m.turns) AS BIGINT), CAST(SUM(m.words) AS BIGINT)
             FROM documents d JOIN person_mentions m ON m.doc_id = d.id
             WHERE m.is_primary = 1 AND m.turns > 0 AND NOT ({visible})
             GROUP BY m.form"
        );
        // Fixed fragments and placeholders only; every value is bound.
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        let rows = args
            .iter()
            .fold(query, |q, a| q.bind(a))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2))))
            .collect())
    }

    /// Every person with their names and spoken figures, in id order (as
    /// bytes).
    pub async fn person_index(&self) -> Result<Vec<PersonEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, f.form, COALESCE(c.turns, 0), COALESCE(c.words, 0)
             FROM persons p JOIN person_forms f ON f.person_id = p.id
             LEFT JOIN person_form_counts c ON c.form = f.form
             ORDER BY p.id, f.docs DESC, f.form",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<PersonEntry> = Vec::new();
        for r in &rows {
            let id: &str = r.get(0);
            if out.last().is_none_or(|p| p.id != id) {
                out.push(PersonEntry {
                    id: id.to_string(),
                    name: r.get(1),
                    forms: Vec::new(),
                    turns: 0,
                    words: 0,
                });
            }
            let p = out.last_mut().expect("pushed");
            p.forms.push(r.get(2));
            p.turns += r.get::<i64, _>(3);
            p.words += r.get::<i64, _>(4);
        }
        // In the order of Rust's strings, whatever the database's collation.
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// What the persons' figures were computed from: the last change to a
    /// document and the number of the last linking. Figures computed under
    /// the same version are still true.
    pub async fn people_version(&self) -> Result<(i64, i64), StoreError> {
        let r = sqlx::query(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM documents),
                    (SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'persons_version')",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((r.get(0), r.get::<Option<i64>, _>(1).unwrap_or(0)))
    }

    pub async fn count_persons(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM persons")
            .fetch_one(&self.pool)
            .await?
            .get(0))
    }

    /// A person's name and the editors' notes on them.
    pub async fn person_head(&self, id: &str) -> Result<Option<(String, Vec<String>)>, StoreError> {
        Ok(sqlx::query("SELECT name, notes FROM persons WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| {
                let notes: &str = r.get(1);
                (
                    r.get(0),
                    notes
                        .lines()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect(),
                )
            }))
    }

    /// The rows of the documents `ids` (in that order, those still stored)
    /// for a person with the names `forms`: their roles there and the turns
    /// and words spoken under those names in the preferred text.
    pub async fn person_documents(
        &self,
        ids: &[&str],
        forms: &[&str],
    ) -> Result<Vec<PersonDocument>, StoreError> {
        let mut heads: std::collections::HashMap<String, (String, Option<String>)> =
            Default::default();
        let mut said: std::collections::HashMap<String, (Vec<String>, i64, i64)> =
            Default::default();
        for chunk in ids.chunks(500) {
            for r in crate::in_ids(
                self.dialect,
                "SELECT id, title, date_from FROM documents WHERE id IN",
                chunk,
            )
            .fetch_all(&self.pool)
            .await?
            {
                heads.insert(r.get(0), (r.get(1), r.get(2)));
            }
            for r in crate::in_ids(
                self.dialect,
                "SELECT doc_id, form, role, is_primary, turns, words FROM person_mentions WHERE doc_id IN",
                chunk,
            )
            .fetch_all(&self.pool)
            .await?
            {
                let form: &str = r.get(1);
                if !forms.contains(&form) {
                    continue;
                }
                let e = said.entry(r.get(0)).or_default();
                let role: String = r.get(2);
                if !e.0.contains(&role) {
                    e.0.push(role);
                }
                if r.get::<i64, _>(3) == 1 {
                    e.1 += r.get::<i64, _>(4);
                    e.2 += r.get::<i64, _>(5);
                }
            }
        }
        Ok(ids
            .iter()
            .filter_map(|id| {
                let (title, date) = heads.remove(*id)?;
                let (mut roles, turns, words) = said.remove(*id).unwrap_or_default();
                roles.sort();
                Some(PersonDocument {
                    id: id.to_string(),
                    title,
                    date,
                    roles,
                    turns,
                    words,
                })
            })
            .collect())
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
