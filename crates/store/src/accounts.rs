//! Accounts, sessions and API tokens; who may read what (access rules);
//! the audit log. What a password hash, a rule or a session means is the
//! archive's business: the store keeps the rows.

use crate::{Store, StoreError};
use sqlx::Row;

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub name: String,
    /// reader, editor or admin.
    pub role: String,
    /// The password's hash in the PHC string form.
    pub password: String,
    pub created_at: String,
    pub disabled: bool,
}

/// A session as stored: its user, its CSRF token and when it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user: UserRow,
    pub csrf: String,
    /// Unix seconds.
    pub expires_at: i64,
    pub last_seen: i64,
}

/// An API token as listed (its secret is never kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    /// The first 12 hexadecimal digits of the secret's SHA-256: enough to
    /// name it when revoking it.
    pub id: String,
    pub user_name: String,
    pub label: String,
    pub created_at: String,
}

/// Who may read a document, or every document of a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    /// document or collection.
    pub scope: String,
    pub name: String,
    /// public, restricted or embargoed.
    pub state: String,
    /// The day an embargo ends (YYYY-MM-DD).
    pub until: Option<String>,
    pub roles: Vec<String>,
    pub users: Vec<String>,
    pub reason: String,
    pub changed: i64,
    pub set_at: String,
    pub set_by: String,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

/// The documents a reader may not see, as the store and the index select
/// them: the documents named, and the documents of the collections named
/// except those named as shown (a document's own rule coming before its
/// collection's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Hidden {
    pub ids: Vec<String>,
    pub collections: Vec<String>,
    pub shown: Vec<String>,
}

/// The most documents and collections one [`Hidden`] may name in SQL: the
/// database's limit on a statement's arguments, with room for the rest.
pub const MAX_HIDDEN: usize = 30_000;

impl Hidden {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.collections.is_empty()
    }

    /// The condition on `d` (a documents row) that keeps only what is not
    /// hidden, with its arguments numbered from `first`. A document whose
    /// collection is not yet known (NULL) is hidden while any collection
    /// is, so that nothing shows before it is known.
    pub(crate) fn clause(&self, args: &mut Vec<String>, first: usize) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let marks = |values: &[String], args: &mut Vec<String>| -> String {
            let m: Vec<String> = values
                .iter()
                .map(|v| {
                    args.push(v.clone());
                    format!("${}", first + args.len() - 1)
                })
                .collect();
            m.join(", ")
        };
        let mut parts = Vec::new();
        if !self.ids.is_empty() {
            parts.push(format!("d.id NOT IN ({})", marks(&self.ids, args)));
        }
        if !self.collections.is_empty() {
            let cols = marks(&self.collections, args);
            let shown = if self.shown.is_empty() {
                String::new()
            } else {
                format!(" OR d.id IN ({})", marks(&self.shown, args))
            };
            parts.push(format!(
                "(d.collection IS NOT NULL AND d.collection NOT IN ({cols}){shown})"
            ));
        }
        Some(parts.join(" AND "))
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
        .collect()
}

fn user_row(r: &sqlx::any::AnyRow, at: usize) -> UserRow {
    UserRow {
        name: r.get(at),
        role: r.get(at + 1),
        password: r.get(at + 2),
        created_at: r.get(at + 3),
        disabled: r.get::<i64, _>(at + 4) != 0,
    }
}

const USER_COLUMNS: &str = "u.name, u.role, u.password, u.created_at, u.disabled";

impl Store {
    /// Adds a user; [`StoreError::Conflict`] when the name is taken.
    pub async fn add_user(&self, name: &str, role: &str, password: &str) -> Result<(), StoreError> {
        let _write = self.write.lock().await;
        let now = crate::rfc3339(self.clock.now());
        let done = sqlx::query(
            "INSERT INTO users (name, role, password, created_at, disabled)
             VALUES ($1, $2, $3, $4, 0) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(role)
        .bind(password)
        .bind(now)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "there is already a user named {name:?}"
            )));
        }
        Ok(())
    }

    /// Changes a user's role, password hash or whether they may log in;
    /// [`StoreError::NotFound`] for a user there is not. A changed
    /// password or a disabled account ends the user's sessions.
    pub async fn update_user(
        &self,
        name: &str,
        role: Option<&str>,
        password: Option<&str>,
        disabled: Option<bool>,
    ) -> Result<(), StoreError> {
        let _write = self.write.lock().await;
        let mut tx = self.begin_write().await?;
        let found = sqlx::query(
            "UPDATE users SET role = COALESCE($2, role), password = COALESCE($3, password),
                 disabled = COALESCE($4, disabled) WHERE name = $1",
        )
        .bind(name)
        .bind(role)
        .bind(password)
        .bind(disabled.map(i64::from))
        .execute(&mut *tx)
        .await?;
        if found.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {name:?}")));
        }
        if password.is_some() || disabled == Some(true) || role.is_some() {
            sqlx::query("DELETE FROM sessions WHERE user_name = $1")
                .bind(name)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn user(&self, name: &str) -> Result<Option<UserRow>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.name = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| user_row(&r, 0)))
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.name");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| user_row(r, 0)).collect())
    }

    /// Starts a session: the SHA-256 of its secret, its user, its CSRF
    /// token and when it ends (Unix seconds). Ended sessions are dropped
    /// on the way.
    pub async fn add_session(
        &self,
        secret_sha256: &str,
        user: &str,
        csrf: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let _write = self.write.lock().await;
        let now = self.clock.now();
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (secret_sha256, user_name, csrf, created_at, expires_at, last_seen)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(secret_sha256)
        .bind(user)
        .bind(csrf)
        .bind(crate::rfc3339(now))
        .bind(expires_at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session with this secret's SHA-256, with its user.
    pub async fn session(&self, secret_sha256: &str) -> Result<Option<SessionRow>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf, s.expires_at, s.last_seen
             FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.secret_sha256 = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(secret_sha256)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| SessionRow {
            user: user_row(&r, 0),
            csrf: r.get(5),
            expires_at: r.get(6),
            last_seen: r.get(7),
        }))
    }

    /// Notes that a session was used at `now` (Unix seconds).
    pub async fn touch_session(&self, secret_sha256: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen = $2 WHERE secret_sha256 = $1")
            .bind(secret_sha256)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn end_session(&self, secret_sha256: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE secret_sha256 = $1")
            .bind(secret_sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Keeps an API token of `user` by its secret's SHA-256.
    pub async fn add_token(
        &self,
        secret_sha256: &str,
        user: &str,
        label: &str,
    ) -> Result<(), StoreError> {
        let _write = self.write.lock().await;
        sqlx::query(
            "INSERT INTO api_tokens (secret_sha256, user_name, label, created_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(secret_sha256)
        .bind(user)
        .bind(label)
        .bind(crate::rfc3339(self.clock.now()))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The user of the API token with this secret's SHA-256.
    pub async fn token_user(&self, secret_sha256: &str) -> Result<Option<UserRow>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM api_tokens t JOIN users u ON u.name = t.user_name
             WHERE t.secret_sha256 = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(secret_sha256)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| user_row(&r, 0)))
    }

    /// Every API token, by user and creation.
    pub async fn tokens(&self) -> Result<Vec<TokenRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT secret_sha256, user_name, label, created_at FROM api_tokens
             ORDER BY user_name, created_at, secret_sha256",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| TokenRow {
                id: r.get::<String, _>(0)[..12].to_string(),
                user_name: r.get(1),
                label: r.get(2),
                created_at: r.get(3),
            })
            .collect())
    }

    /// Revokes the API tokens whose id (a prefix of the secret's SHA-256,
    /// as [`TokenRow::id`]) is `id`; how many.
    pub async fn revoke_token(&self, id: &str) -> Result<u64, StoreError> {
        if id.len() < 12 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(0);
        }
        let done = sqlx::query("DELETE FROM api_tokens WHERE secret_sha256 LIKE $1")
            .bind(format!("{}%", id.to_ascii_lowercase()))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Sets the rule of a document or a collection; returns it as kept.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_access(
        &self,
        scope: &str,
        name: &str,
        state: &str,
        until: Option<&str>,
        roles: &[String],
        users: &[String],
        reason: &str,
        by: &str,
    ) -> Result<AccessRow, StoreError> {
        let _write = self.write.lock().await;
        let mut tx = self.begin_write().await?;
        let changed: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(changed), 0) + 1 FROM access_rules")
                .fetch_one(&mut *tx)
                .await?;
        let now = crate::rfc3339(self.clock.now());
        sqlx::query(
            "INSERT INTO access_rules (scope, name, state, until, roles, users, reason, changed, set_at, set_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (scope, name) DO UPDATE SET state = excluded.state, until = excluded.until,
                 roles = excluded.roles, users = excluded.users, reason = excluded.reason,
                 changed = excluded.changed, set_at = excluded.set_at, set_by = excluded.set_by",
        )
        .bind(scope)
        .bind(name)
        .bind(state)
        .bind(until)
        .bind(roles.join(","))
        .bind(users.join(","))
        .bind(reason)
        .bind(changed)
        .bind(&now)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(AccessRow {
            scope: scope.into(),
            name: name.into(),
            state: state.into(),
            until: until.map(String::from),
            roles: roles.to_vec(),
            users: users.to_vec(),
            reason: reason.into(),
            changed,
            set_at: now,
            set_by: by.into(),
        })
    }

    /// Every access rule, by scope and name.
    pub async fn access_rules(&self) -> Result<Vec<AccessRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT scope, name, state, until, roles, users, reason, changed, set_at, set_by
             FROM access_rules ORDER BY scope, name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| AccessRow {
                scope: r.get(0),
                name: r.get(1),
                state: r.get(2),
                until: r.get(3),
                roles: split_list(r.get(4)),
                users: split_list(r.get(5)),
                reason: r.get(6),
                changed: r.get(7),
                set_at: r.get(8),
                set_by: r.get(9),
            })
            .collect())
    }

    /// The number of the last change to the access rules (0 for none):
    /// what a server reads to know its rules are current.
    pub async fn access_version(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(changed), 0) FROM access_rules")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// The collection of a current document ('' for none; None for a
    /// document there is not).
    pub async fn collection_of(&self, id: &str) -> Result<Option<String>, StoreError> {
        let row: Option<Option<String>> =
            sqlx::query_scalar("SELECT collection FROM documents WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        // A collection not yet read from the document is read now.
        match row {
            None => Ok(None),
            Some(Some(c)) => Ok(Some(c)),
            Some(None) => {
                self.fill_collections().await?;
                Ok(Some(
                    sqlx::query_scalar::<_, Option<String>>(
                        "SELECT collection FROM documents WHERE id = $1",
                    )
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await?
                    .unwrap_or_default(),
                ))
            }
        }
    }

    /// Reads the collection of every current document that lacks it (rows
    /// of an earlier fonds) from its stored document; how many.
    pub async fn fill_collections(&self) -> Result<usize, StoreError> {
        let mut n = 0;
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT d.id, {doc} FROM documents d
                 JOIN versions v ON v.doc_id = d.id AND v.version = d.current_version
                 WHERE d.collection IS NULL LIMIT 500",
                doc = crate::blob(self.dialect, "v.document")
            )))
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                return Ok(n);
            }
            let _write = self.write.lock().await;
            let mut tx = self.begin_write().await?;
            for r in &rows {
                let id: String = r.get(0);
                let doc = crate::decode(&crate::unpack(crate::bytes_at(r, 1)?)?)?;
                sqlx::query("UPDATE documents SET collection = $2 WHERE id = $1")
                    .bind(&id)
                    .bind(doc.citation.publisher.unwrap_or_default())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            n += rows.len();
        }
    }

    /// Appends to the audit log.
    pub async fn audit(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        let _write = self.write.lock().await;
        let mut tx = self.begin_write().await?;
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, target, detail)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(seq)
        .bind(crate::rfc3339(self.clock.now()))
        .bind(actor)
        .bind(action)
        .bind(target)
        .bind(detail)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The audit log's entries after `after`, oldest first, at most `limit`.
    pub async fn audit_log(&self, after: i64, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, target, detail FROM audit_log
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(audit_entry).collect())
    }

    /// The last `limit` entries of the audit log, the newest first.
    pub async fn audit_tail(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, target, detail FROM audit_log
             ORDER BY seq DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(audit_entry).collect())
    }
}

fn audit_entry(r: &sqlx::any::AnyRow) -> AuditEntry {
    AuditEntry {
        seq: r.get(0),
        at: r.get(1),
        actor: r.get(2),
        action: r.get(3),
        target: r.get(4),
        detail: r.get(5),
    }
}
